package dev.hetflow.service.health;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.jboss.logging.Logger;

/**
 * The liveness probe ({@code /q/health/live}): down when threads are deadlocked on monitors or locks, the one state a
 * restart fixes and waiting does not. The thread names go to the log, not to the probe's body.
 */
@Liveness
@ApplicationScoped
class DeadlockCheck implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(DeadlockCheck.class);
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Override
    public HealthCheckResponse call() {
        long[] stuck = threads.findDeadlockedThreads();
        if (stuck != null) {
            StringBuilder names = new StringBuilder();
            for (var info : threads.getThreadInfo(stuck)) {
                names.append(info == null ? "?" : info.getThreadName()).append(' ');
            }
            LOG.errorf("deadlocked threads, not live: %s", names.toString().trim());
        }
        return HealthCheckResponse.named("deadlocks").status(stuck == null).build();
    }
}
