package dev.hetflow.trainer.loop;

import java.util.Map;

/**
 * Where a training run stands, enough to continue it: the epoch under way, loop iterations done (over all epochs),
 * the data positions within the epoch, the scheduler's state, rollbacks so far and the best validation figure.
 */
public record LoopPosition(int epoch, long iteration, Map<Integer, Long> positions, PlateauScheduler.State scheduler,
        int failures, double bestValidation) {

    public LoopPosition {
        positions = Map.copyOf(positions);
    }

    public static LoopPosition start() {
        return new LoopPosition(0, 0, Map.of(), PlateauScheduler.State.fresh(), 0,
                Double.POSITIVE_INFINITY);
    }
}
