package dev.hetflow.common.events;

/** CloudEvents {@code type} values, {@code dev.hetflow.<thing>.<verb>.v<n>}; a new payload shape gets a new version. */
public final class EventTypes {

    public static final String DATASET_PUBLISHED = "dev.hetflow.dataset.published.v1";
    public static final String JOB_STARTED = "dev.hetflow.job.started.v1";
    public static final String JOB_PROGRESSED = "dev.hetflow.job.progressed.v1";
    public static final String JOB_FAILED = "dev.hetflow.job.failed.v1";
    public static final String JOB_FINISHED = "dev.hetflow.job.finished.v1";
    public static final String JOB_ROLLED_BACK = "dev.hetflow.job.rolledback.v1";
    public static final String CHECKPOINT_WRITTEN = "dev.hetflow.checkpoint.written.v1";
    public static final String MODEL_PUBLISHED = "dev.hetflow.model.published.v1";
    public static final String EXPORT_PROGRESSED = "dev.hetflow.export.progressed.v1";
    public static final String RECORD_DEADLETTERED = "dev.hetflow.record.deadlettered.v1";

    private EventTypes() {
    }
}
