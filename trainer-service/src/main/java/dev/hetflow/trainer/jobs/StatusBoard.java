package dev.hetflow.trainer.jobs;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** Live status of the jobs this trainer knows, persisted through the {@link JobStore} when it matters. */
@Singleton
final class StatusBoard {

    private final Map<String, JobStatus> statuses = new ConcurrentHashMap<>();
    private final JobStore store;

    @Inject
    StatusBoard(JobStore store) {
        this.store = store;
    }

    /** Updates in memory only (every step). */
    JobStatus update(String jobId, UnaryOperator<JobStatus> change) {
        return statuses.compute(jobId, (id, s) -> change.apply(s));
    }

    /**
     * Updates and writes status.json (state changes, epochs, checkpoints). A retried write sends the status as it is
     * at that attempt, so it carries the outage it rode out.
     */
    JobStatus persist(String jobId, UnaryOperator<JobStatus> change) {
        JobStatus s = update(jobId, change);
        store.saveStatus(jobId, () -> statuses.getOrDefault(jobId, s));
        return statuses.getOrDefault(jobId, s);
    }

    /** Puts a new job's status on the board and writes it. */
    void persist(JobStatus status) {
        put(status);
        persist(status.jobId(), UnaryOperator.identity());
    }

    /**
     * Records an outage a job's store or broker call is riding out, in memory only: reporting must not itself
     * write (it is called while a write is retried); the next status write carries it.
     */
    void outage(String jobId, String line) {
        statuses.computeIfPresent(jobId, (id, s) -> s.outage(line));
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
