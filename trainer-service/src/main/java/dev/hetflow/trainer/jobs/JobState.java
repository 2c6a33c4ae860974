package dev.hetflow.trainer.jobs;

/**
 * Lifecycle of a job; FINISHED, FAILED and CANCELLED are terminal. PAUSED is a job a stopping trainer checkpointed
 * (SIGTERM, a rollout): the next trainer resumes it like a QUEUED one. UNREADABLE is never persisted: its files could
 * not be read at start-up (the reason says why); the other jobs resume and a later start tries it again.
 */
public enum JobState {
    QUEUED,
    RUNNING,
    PAUSED,
    FINISHED,
    FAILED,
    CANCELLED,
    UNREADABLE;

    public boolean terminal() {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }
}
