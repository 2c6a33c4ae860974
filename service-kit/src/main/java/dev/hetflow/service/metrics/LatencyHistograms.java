package dev.hetflow.service.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * HTTP server latency as a Prometheus histogram ({@code http_server_requests_seconds_bucket} by {@code uri},
 * {@code method} and {@code status}), so quantiles can be computed over many pods; Micrometer exports only count and
 * sum by default.
 */
@Singleton
class LatencyHistograms {

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    @Produces
    @Singleton
    MeterFilter httpServerHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (HTTP_SERVER_REQUESTS.equals(id.getName())) {
                    return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
                }
                return config;
            }
        };
    }
}
