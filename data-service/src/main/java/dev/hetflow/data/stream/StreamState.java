package dev.hetflow.data.stream;

/** Where a stream stands. */
public enum StreamState {
    /** Waiting for a free slot. */
    QUEUED,
    RUNNING,
    /** Every record is on the topic and the manifest is published. */
    COMPLETE,
    /** Stopped on request; its records are not a data set (no manifest) and a re-run replaces them. */
    STOPPED,
    /** Broke off; the message says why; a re-run replaces its records. */
    FAILED;

    boolean finished() {
        return this == COMPLETE || this == STOPPED || this == FAILED;
    }
}
