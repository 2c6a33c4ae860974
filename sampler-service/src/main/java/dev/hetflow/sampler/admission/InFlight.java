package dev.hetflow.sampler.admission;

import dev.hetflow.sampler.config.SamplerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sampling requests admitted and not yet answered, at most {@code queue-depth}: taken on the event loop before a
 * request is given a worker thread, returned when its response ends or its connection closes. It bounds the whole
 * wait of an admitted request (for a worker thread, then for the micro-batcher), not only the batcher's queue.
 */
@ApplicationScoped
class InFlight {

    private final Semaphore permits;
    private final int capacity;

    InFlight(SamplerConfig config, MeterRegistry meters) {
        this.capacity = Math.max(1, config.queueDepth());
        this.permits = new Semaphore(capacity);
        Gauge.builder("hetflow.sampler.requests.in.flight", this, InFlight::count)
                .description("sampling requests admitted and not yet answered").register(meters);
    }

    /** Takes a permit for this request, returned once when its response is done or failed; false when full. */
    boolean admit(RoutingContext request) {
        if (!permits.tryAcquire()) {
            return false;
        }
        AtomicBoolean returned = new AtomicBoolean();
        request.addEndHandler(done -> {
            if (returned.compareAndSet(false, true)) {
                permits.release();
            }
        });
        return true;
    }

    int count() {
        return capacity - permits.availablePermits();
    }

    int capacity() {
        return capacity;
    }
}
