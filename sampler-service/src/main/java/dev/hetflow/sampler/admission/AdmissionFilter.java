package dev.hetflow.sampler.admission;

import dev.hetflow.sampler.config.SamplerConfig;
import dev.hetflow.service.config.ApiConfig;
import dev.hetflow.service.security.BearerToken;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards the {@link Sampling} endpoints: the bearer token when {@code hetflow.sampler.require-token} is on (401), the
 * caller's rate limit (429 with Retry-After; the client is the remote address, behind a proxy the proxy's), then room
 * among the {@code queue-depth} requests being answered ({@link InFlight}; 429 with Retry-After: 1).
 */
@ApplicationScoped
class AdmissionFilter {

    private final SamplerConfig config;
    private final ApiConfig api;
    private final RateLimiter limiter;
    private final InFlight inFlight;
    private final MeterRegistry meters;

    AdmissionFilter(SamplerConfig config, ApiConfig api, InFlight inFlight, MeterRegistry meters) {
        this.config = config;
        this.api = api;
        this.inFlight = inFlight;
        this.meters = meters;
        this.limiter = config.rateLimit() > 0 ? new RateLimiter(config.rateLimit(), config.rateBurst()) : null;
    }

    /** On the event loop: a refused request never waits for, nor occupies, a worker thread. */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION, nonBlocking = true)
    Response admit(ContainerRequestContext request, ResourceInfo resource, RoutingContext routing) {
        if (!sampling(resource)) {
            return null;
        }
        String path = request.getUriInfo().getPath();
        if (config.requireToken()) {
            var problem = BearerToken.problem(request.getHeaderString(HttpHeaders.AUTHORIZATION), api.token(),
                    "sampling needs a token");
            if (problem.isPresent()) {
                meters.counter("hetflow.sampler.admission.refused", "reason", "token").increment();
                return Response.fromResponse(Refusals.of(path, Response.Status.UNAUTHORIZED, problem.get()))
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"hetflow\"").build();
            }
        }
        if (limiter != null) {
            long retryAfter = limiter.take(client(routing.request()), System.nanoTime());
            if (retryAfter > 0) {
                meters.counter("hetflow.sampler.admission.refused", "reason", "rate-limit").increment();
                return Response.fromResponse(Refusals.of(path, Response.Status.TOO_MANY_REQUESTS,
                        "more than " + config.rateLimit() + " sampling requests per second (burst "
                                + config.rateBurst() + ") from this client; retry after " + retryAfter + " s"))
                        .header("Retry-After", Long.toString(retryAfter)).build();
            }
        }
        if (!inFlight.admit(routing)) {
            meters.counter("hetflow.sampler.admission.refused", "reason", "queue").increment();
            return Response.fromResponse(Refusals.of(path, Response.Status.TOO_MANY_REQUESTS, "the sampler is "
                    + "answering " + inFlight.capacity() + " requests (queue-depth); retry later"))
                    .header("Retry-After", "1").build();
        }
        return null;
    }

    private static boolean sampling(ResourceInfo resource) {
        return resource != null && resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(Sampling.class)
                || resource.getResourceClass().isAnnotationPresent(Sampling.class));
    }

    private static String client(HttpServerRequest http) {
        SocketAddress remote = http == null ? null : http.remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }
}
