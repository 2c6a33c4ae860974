package dev.hetflow.trainer.jobs;

/** Lifecycle of a job; the last three are terminal. */
public enum JobState {
    QUEUED,
    RUNNING,
    FINISHED,
    FAILED,
    CANCELLED;

    public boolean terminal() {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }
}
