package dev.hetflow.trainer.jobs;

import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.storage.ObjectStore;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Jobs persisted in the object store, so that a restarted trainer finds them: {@code jobs/<id>/spec.json} (the
 * spec with defaults filled, written once) and {@code jobs/<id>/status.json} (rewritten as the job moves).
 *
 * <p>Reads and writes are retried on transient store errors (unreachable, 5xx) with SmallRye Fault Tolerance:
 * exponential backoff from 200 ms to 5 s, for up to 120 s (trainer-core's {@code RetryPolicy.DEFAULT}, which the
 * checkpoints use); a refusal (missing key, bad credentials) is not retried. The figures are MicroProfile Fault
 * Tolerance settings, e.g. {@code dev.hetflow.trainer.jobs.JobStore/Retry/maxDuration=300000}. Before each retry
 * {@link StoreRetryReport} puts the outage in the job's status (the first parameter of every call is the job id);
 * a call that works ends it in {@link Outages}.
 */
@ApplicationScoped
@Retry(maxRetries = -1, delay = 200, maxDuration = 120_000, jitter = 100)
@ExponentialBackoff(maxDelay = 5_000)
@RetryWhen(exception = TransientStoreError.class)
@BeforeRetry(StoreRetryReport.class)
class JobStore {

    private static final String PREFIX = "jobs/";
    private static final String JSON = "application/json";

    private final ObjectStore store;
    private final Outages outages;

    @Inject
    JobStore(ObjectStore store, Outages outages) {
        this.store = store;
        this.outages = outages;
    }

    /** Without CDI, hence without retries: for tests that run jobs directly. */
    JobStore(ObjectStore store) {
        this(store, Outages.logOnly());
    }

    /** What a call does, as outage reports name it; the before-retry handler knows the call by its method's name. */
    static String what(String method, String jobId) {
        return switch (method) {
            case "saveSpec" -> "write " + specKey(jobId);
            case "saveStatus" -> "write " + statusKey(jobId);
            case "spec" -> "read " + specKey(jobId);
            case "status" -> "read " + statusKey(jobId);
            case "jobIds" -> "list " + PREFIX;
            default -> throw new IllegalArgumentException("not a JobStore call: " + method);
        };
    }

    void saveSpec(String jobId, JobSpec spec) {
        store.put(specKey(jobId), EventJson.write(spec), JSON);
        outages.over(jobId, what("saveSpec", jobId));
    }

    /** Writes the job's status as it is at each attempt, so that a retried write carries the outage it rode out. */
    void saveStatus(String jobId, Supplier<JobStatus> current) {
        store.put(statusKey(jobId), EventJson.write(current.get()), JSON);
        outages.over(jobId, what("saveStatus", jobId));
    }

    JobSpec spec(String jobId) {
        JobSpec spec = EventJson.read(store.get(specKey(jobId)), JobSpec.class);
        outages.over(jobId, what("spec", jobId));
        return spec;
    }

    Optional<JobStatus> status(String jobId) {
        String key = statusKey(jobId);
        Optional<JobStatus> status = store.exists(key) ? Optional.of(EventJson.read(store.get(key), JobStatus.class))
                : Optional.empty();
        outages.over(jobId, what("status", jobId));
        return status;
    }

    /** Ids of every persisted job. */
    List<String> jobIds() {
        List<String> ids = new ArrayList<>();
        for (String key : store.list(PREFIX)) {
            if (key.endsWith("/spec.json")) {
                ids.add(key.substring(PREFIX.length(), key.length() - "/spec.json".length()));
            }
        }
        outages.over(null, what("jobIds", null));
        return ids;
    }

    private static String specKey(String jobId) {
        return PREFIX + jobId + "/spec.json";
    }

    private static String statusKey(String jobId) {
        return PREFIX + jobId + "/status.json";
    }
}
