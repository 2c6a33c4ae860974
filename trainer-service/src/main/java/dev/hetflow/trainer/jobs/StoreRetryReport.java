package dev.hetflow.trainer.jobs;

import io.smallrye.faulttolerance.api.BeforeRetryHandler;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;

/**
 * Before SmallRye Fault Tolerance retries a {@link JobStore} call: the outage goes into the job's status (in memory
 * only, so reporting never recurses into a retried write) and, once per outage, the log. The job id is the call's
 * first parameter; {@code jobIds()} has none and is only logged.
 */
@Dependent
class StoreRetryReport implements BeforeRetryHandler {

    private final Outages outages;

    @Inject
    StoreRetryReport(Outages outages) {
        this.outages = outages;
    }

    @Override
    public void handle(ExecutionContext context) {
        Object[] params = context.getParameters();
        String jobId = params.length > 0 && params[0] instanceof String id ? id : null;
        outages.retrying(jobId, JobStore.what(context.getMethod().getName(), jobId), context.getFailure());
    }
}
