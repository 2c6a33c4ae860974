package dev.hetflow.common.jobs;

/**
 * Payloads of the training job events on {@code hetflow.training.events} (CloudEvents keyed by job id); the types
 * are in {@link dev.hetflow.common.events.EventTypes}. Bits/dim per epoch ({@link Progressed}) is the paper's
 * Fig. 3 curve.
 */
public final class JobEvents {

    private JobEvents() {
    }

    /** {@code job.started}: a job began or resumed ({@code fromIteration} > 0 after a restart). */
    public record Started(String jobId, String model, String datasetId, String modelId, long fromIteration) {
    }

    /**
     * {@code job.progressed}: once per epoch. {@code validBitsPerDim} comes from the model's evaluation solver
     * ({@code evaluationMethod}), {@code validBitsPerDimTrainSolver} from its training solver on the same samples.
     */
    public record Progressed(String jobId, int epoch, long iteration, double trainBitsPerDim, double validBitsPerDim,
                             double learningRate, double samplesPerSec, double validBitsPerDimTrainSolver,
                             String evaluationMethod) {
    }

    /** {@code job.rolledback}: a diverged step (NaN/Inf loss, exploding NFE) was undone. */
    public record RolledBack(String jobId, long iteration, String reason, long restoredStep, double learningRate,
                             int failures) {
    }

    /** {@code checkpoint.written}: a complete model version exists under {@code manifestKey}'s prefix. */
    public record CheckpointWritten(String jobId, String modelId, int version, long iteration, String manifestKey) {
    }

    /** {@code job.failed}: the job stopped for {@code reason}. */
    public record Failed(String jobId, long iteration, String reason) {
    }

    /** {@code job.finished}: stopped by its criteria ({@code outcome}) or cancelled; the last version published. */
    public record Finished(String jobId, String outcome, long iteration, String modelId, int version) {
    }
}
