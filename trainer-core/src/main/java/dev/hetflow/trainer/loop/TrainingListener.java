package dev.hetflow.trainer.loop;

/**
 * Hooks of {@link TrainingLoop}, in the style of DJL's TrainingListener: progress, checkpoints and events live in
 * listeners, not in the loop. {@code position} says where the run stands right after the reported moment.
 */
public interface TrainingListener {

    default void onStep(StepReport step, LoopPosition position) {
    }

    default void onEpoch(EpochReport epoch, LoopPosition position) {
    }

    default void onRollback(DivergenceGuard.Rollback rollback) {
    }
}
