package dev.hetflow.trainer.jobs;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** Live status of the jobs this trainer knows, persisted through the {@link JobStore} when it matters. */
final class StatusBoard {

    private final Map<String, JobStatus> statuses = new ConcurrentHashMap<>();
    private final JobStore store;

    StatusBoard(JobStore store) {
        this.store = store;
    }

    /** Updates in memory only (every step). */
    JobStatus update(String jobId, UnaryOperator<JobStatus> change) {
        return statuses.compute(jobId, (id, s) -> change.apply(s));
    }

    /** Updates and writes status.json (state changes, epochs, checkpoints). */
    JobStatus persist(String jobId, UnaryOperator<JobStatus> change) {
        JobStatus s = update(jobId, change);
        store.saveStatus(s);
        return s;
    }

    void put(JobStatus status) {
        statuses.put(status.jobId(), status);
    }

    Optional<JobStatus> get(String jobId) {
        return Optional.ofNullable(statuses.get(jobId));
    }

    List<JobStatus> all() {
        return statuses.values().stream().sorted(java.util.Comparator.comparing(JobStatus::jobId)).toList();
    }
}
