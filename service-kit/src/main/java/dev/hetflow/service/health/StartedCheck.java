package dev.hetflow.service.health;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** The startup probe ({@code /q/health/started}): up once the application's start-up observers have run. */
@Startup
@ApplicationScoped
class StartedCheck implements HealthCheck {

    private volatile boolean started;

    void onStart(@Observes StartupEvent event) {
        started = true;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("started").status(started).build();
    }
}
