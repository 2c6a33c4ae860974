package dev.hetflow.service.storage;

import dev.hetflow.common.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Ready only while the bucket answers with the configured keys. The probe's body says only up or down: the S3 error
 * (endpoint, bucket policy, key ids) goes to the log once per outage, not to whoever can reach the probe.
 */
@Readiness
@ApplicationScoped
class ObjectStoreReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(ObjectStoreReadiness.class);

    private final ObjectStore store;
    private final AtomicBoolean down = new AtomicBoolean();

    ObjectStoreReadiness(ObjectStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            store.exists(".readiness-probe");
            if (down.compareAndSet(true, false)) {
                LOG.infof("object store: bucket %s answers again", store.bucket());
            }
            return HealthCheckResponse.named("object-store").up().build();
        } catch (RuntimeException e) {
            if (down.compareAndSet(false, true)) {
                LOG.warnf("object store: bucket %s does not answer, not ready: %s", store.bucket(), e.getMessage());
            }
            return HealthCheckResponse.named("object-store").down().build();
        }
    }
}
