package dev.hetflow.trainer.loop;

/**
 * How a run ended (failures end it with {@link TrainingFailedException} instead).
 *
 * @param reason   why it stopped
 * @param position where it stopped
 */
public record LoopOutcome(Reason reason, LoopPosition position) {

    public enum Reason {
        MAX_EPOCHS,
        MAX_ITERATIONS,
        EARLY_STOP,
        CANCELLED
    }
}
