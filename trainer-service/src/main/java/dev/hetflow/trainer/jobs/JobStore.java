package dev.hetflow.trainer.jobs;

import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.storage.ObjectStore;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Jobs persisted in the object store, so that a restarted trainer finds them: {@code jobs/<id>/spec.json} (the
 * spec with defaults filled, written once) and {@code jobs/<id>/status.json} (rewritten as the job moves).
 *
 * <p>Reads and writes are retried on transient store errors (unreachable, 5xx) with SmallRye Fault Tolerance:
 * exponential backoff from 200 ms to 5 s, for up to 120 s (trainer-core's {@code RetryPolicy.DEFAULT}, which the
 * checkpoints use); a refusal (missing key, bad credentials) is not retried. The figures are MicroProfile Fault
 * Tolerance settings, e.g. {@code dev.hetflow.trainer.jobs.JobStore/Retry/maxDuration=300000}.
 */
@ApplicationScoped
@Retry(maxRetries = -1, delay = 200, maxDuration = 120_000, jitter = 100)
@ExponentialBackoff(maxDelay = 5_000)
@RetryWhen(exception = TransientStoreError.class)
class JobStore {

    private static final String PREFIX = "jobs/";
    private static final String JSON = "application/json";

    private final ObjectStore store;

    JobStore(ObjectStore store) {
        this.store = store;
    }

    void saveSpec(String jobId, JobSpec spec) {
        store.put(PREFIX + jobId + "/spec.json", EventJson.write(spec), JSON);
    }

    void saveStatus(JobStatus status) {
        store.put(PREFIX + status.jobId() + "/status.json", EventJson.write(status), JSON);
    }

    JobSpec spec(String jobId) {
        return EventJson.read(store.get(PREFIX + jobId + "/spec.json"), JobSpec.class);
    }

    Optional<JobStatus> status(String jobId) {
        String key = PREFIX + jobId + "/status.json";
        return store.exists(key) ? Optional.of(EventJson.read(store.get(key), JobStatus.class)) : Optional.empty();
    }

    /** Ids of every persisted job. */
    List<String> jobIds() {
        List<String> ids = new ArrayList<>();
        for (String key : store.list(PREFIX)) {
            if (key.endsWith("/spec.json")) {
                ids.add(key.substring(PREFIX.length(), key.length() - "/spec.json".length()));
            }
        }
        return ids;
    }
}
