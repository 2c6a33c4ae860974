package dev.hetflow.trainer.loop;

/**
 * When training ends: after {@code maxEpochs} epochs or {@code maxIterations} iterations (whichever first), or when
 * the validation bits/dim has not improved for {@code earlyStopPatience} epochs (0: never stop early).
 */
public record StopCriteria(int maxEpochs, long maxIterations, int earlyStopPatience) {

    public StopCriteria {
        if (maxEpochs < 1 || maxIterations < 1 || earlyStopPatience < 0) {
            throw new IllegalArgumentException("need maxEpochs >= 1, maxIterations >= 1, earlyStopPatience >= 0, got "
                    + maxEpochs + ", " + maxIterations + ", " + earlyStopPatience);
        }
    }
}
