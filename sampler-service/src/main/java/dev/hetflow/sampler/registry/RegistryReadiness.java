package dev.hetflow.sampler.registry;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the versions announced on hetflow.models at start-up are loaded (or refused). */
@Readiness
@ApplicationScoped
class RegistryReadiness implements HealthCheck {

    private final StartupReload reload;
    private final ModelRegistry registry;

    RegistryReadiness(StartupReload reload, ModelRegistry registry) {
        this.reload = reload;
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("model-registry").status(reload.done())
                .withData("models", registry.list().size()).build();
    }
}
