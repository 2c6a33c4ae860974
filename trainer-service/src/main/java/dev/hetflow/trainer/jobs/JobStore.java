package dev.hetflow.trainer.jobs;

import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Jobs persisted in the object store, so that a restarted trainer finds them: {@code jobs/<id>/spec.json} (the
 * spec with defaults filled, written once) and {@code jobs/<id>/status.json} (rewritten as the job moves).
 */
final class JobStore {

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
