package dev.hetflow.trainer.loop;

import java.util.Map;

/** The data of a training job: a training pass per epoch and a validation pass, both re-readable. */
public interface EpochData {

    /**
     * A pass over the training split. An empty {@code resumeFrom} starts at the beginning; otherwise each partition
     * starts at the given offset (continuing an epoch a checkpoint interrupted).
     */
    BatchStream training(int epoch, Map<Integer, Long> resumeFrom);

    /** A full pass over the validation split. */
    BatchStream validation();
}
