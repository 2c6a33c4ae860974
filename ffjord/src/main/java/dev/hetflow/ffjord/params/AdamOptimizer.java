package dev.hetflow.ffjord.params;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1) applied to a {@link ParameterStore}'s whole flat buffer with ND4J's fused
 * updater op: one op turns the flat gradient into the update, one subtracts it.
 */
public final class AdamOptimizer {

    private final ParameterStore store;
    private final AdamUpdater updater;
    private int iteration;

    public AdamOptimizer(ParameterStore store, double learningRate) {
        this(store, learningRate, 0.9, 0.999, 1e-8);
    }

    public AdamOptimizer(ParameterStore store, double learningRate, double beta1, double beta2, double epsilon) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must lie in [0, 1), got " + beta1 + ", " + beta2);
        }
        this.store = store;
        this.updater = new AdamUpdater(new Adam(learningRate, beta1, beta2, epsilon));
        long n = store.size();
        INDArray state = Nd4j.zeros(store.dataType(), 1, 2 * n);
        updater.setStateViewArray(state, new long[] {1, n}, 'c', true);
    }

    /** theta <- theta - Adam(gradient); the gradient buffer is consumed (overwritten with the update). */
    public void step() {
        INDArray g = store.gradients().reshape(1, store.size());
        updater.applyUpdater(g, iteration++, 0);
        store.values().subi(store.gradients());
    }

    /** Changes the step size for the following iterations (for schedules); must be finite and > 0. */
    public void learningRate(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        updater.getConfig().setLearningRate(learningRate);
    }

    public int iterations() {
        return iteration;
    }
}
