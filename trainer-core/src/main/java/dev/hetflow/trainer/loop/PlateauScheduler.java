package dev.hetflow.trainer.loop;

/**
 * Reduce-on-plateau, as PyTorch's ReduceLROnPlateau in "min" mode with a relative threshold: after more than
 * {@code patience} epochs without the metric improving on the best by a factor (1 - threshold), the learning rate
 * is multiplied by {@code factor}, never below {@code minimum}. The paper goes from 0.005 down to 0.00005.
 *
 * <p>The scheduler is the one owner of the learning rate in force: the loop reads it for every step, a divergence
 * rollback lowers it through {@link #lower()}, and it travels in the scheduler's {@link State} (checkpoints).
 */
public final class PlateauScheduler {

    private final Settings settings;
    private double best = Double.POSITIVE_INFINITY;
    private int badEpochs;
    private double learningRate;

    /**
     * @param initial   starting learning rate
     * @param minimum   floor
     * @param factor    multiplier on a plateau, in (0, 1)
     * @param patience  epochs without improvement tolerated
     * @param threshold relative improvement that counts
     */
    public record Settings(double initial, double minimum, double factor, int patience, double threshold) {
        public Settings {
            if (!(initial > 0) || !(minimum > 0) || minimum > initial || !Double.isFinite(initial)) {
                throw new IllegalArgumentException("need 0 < minimum <= initial learning rate, got " + minimum
                        + " and " + initial);
            }
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException("plateau factor must lie in (0, 1), got " + factor);
            }
            if (patience < 0 || !(threshold >= 0 && threshold < 1)) {
                throw new IllegalArgumentException("need patience >= 0 and threshold in [0, 1), got " + patience
                        + ", " + threshold);
            }
        }
    }

    /**
     * Scheduler state for checkpoints.
     *
     * @param learningRate the rate in force; NaN before the first epoch of a new run (the initial rate)
     */
    public record State(double best, int badEpochs, double learningRate) {

        /** A new run's state: nothing seen yet, the initial rate. */
        public static State fresh() {
            return new State(Double.POSITIVE_INFINITY, 0, Double.NaN);
        }
    }

    public PlateauScheduler(Settings settings) {
        this.settings = settings;
        this.learningRate = settings.initial();
    }

    /** The learning rate in force. */
    public double learningRate() {
        return learningRate;
    }

    public Settings settings() {
        return settings;
    }

    /** Judges an epoch that ended with {@code metric}; returns the learning rate in force after it. */
    public double afterEpoch(double metric) {
        boolean improved = Double.isFinite(metric)
                && (best == Double.POSITIVE_INFINITY || metric < best - Math.abs(best) * settings.threshold());
        if (improved) {
            best = metric;
            badEpochs = 0;
            return learningRate;
        }
        badEpochs++;
        if (badEpochs > settings.patience()) {
            badEpochs = 0;
            return lower();
        }
        return learningRate;
    }

    /** One reduction by the factor, floored at the minimum (a plateau, or a divergence rollback); returns it. */
    public double lower() {
        learningRate = Math.max(settings.minimum(), learningRate * settings.factor());
        return learningRate;
    }

    public State state() {
        return new State(best, badEpochs, learningRate);
    }

    public void restore(State state) {
        this.best = state.best();
        this.badEpochs = state.badEpochs();
        this.learningRate = Double.isNaN(state.learningRate()) ? settings.initial() : state.learningRate();
    }
}
