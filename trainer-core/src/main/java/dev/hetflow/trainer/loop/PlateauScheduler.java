package dev.hetflow.trainer.loop;

/**
 * Reduce-on-plateau, as PyTorch's ReduceLROnPlateau in "min" mode with a relative threshold: after more than
 * {@code patience} epochs without the metric improving on the best by a factor (1 - threshold), the learning rate
 * is multiplied by {@code factor}, never below {@code minimum}. The paper goes from 0.005 down to 0.00005.
 */
public final class PlateauScheduler {

    private final Settings settings;
    private double best = Double.POSITIVE_INFINITY;
    private int badEpochs;

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

    /** Scheduler state for checkpoints. */
    public record State(double best, int badEpochs) {
    }

    public PlateauScheduler(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** The learning rate after an epoch that ended with {@code metric}, given the one in force. */
    public double afterEpoch(double metric, double current) {
        boolean improved = Double.isFinite(metric)
                && (best == Double.POSITIVE_INFINITY || metric < best - Math.abs(best) * settings.threshold());
        if (improved) {
            best = metric;
            badEpochs = 0;
            return current;
        }
        badEpochs++;
        if (badEpochs > settings.patience()) {
            badEpochs = 0;
            return lower(current);
        }
        return current;
    }

    /** One reduction by the factor, floored at the minimum. */
    public double lower(double current) {
        return Math.max(settings.minimum(), current * settings.factor());
    }

    public State state() {
        return new State(best, badEpochs);
    }

    public void restore(State state) {
        this.best = state.best();
        this.badEpochs = state.badEpochs();
    }
}
