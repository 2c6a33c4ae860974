package dev.hetflow.trainer.loop;

/** Training cannot go on; the message says why (it becomes the job.failed event's reason). */
public final class TrainingFailedException extends RuntimeException {

    public TrainingFailedException(String reason) {
        super(reason);
    }
}
