package dev.hetflow.trainer.model;

import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Adam on a {@link ParameterStore}'s flat buffers with ND4J's fused updater, like ffjord's AdamOptimizer, but owning
 * its state array ({@code [m | v]}, length 2n) so that the trainer can snapshot and restore it.
 */
final class FlatAdam {

    private final ParameterStore store;
    private final INDArray state;
    private final AdamUpdater updater;
    private long iteration;

    FlatAdam(ParameterStore store, double learningRate) {
        this.store = store;
        this.updater = new AdamUpdater(new Adam(learningRate, 0.9, 0.999, 1e-8));
        long n = store.size();
        this.state = Nd4j.zeros(store.dataType(), 1, 2 * n);
        updater.setStateViewArray(state, new long[] {1, n}, 'c', true);
    }

    /** theta <- theta - Adam(gradient); the gradient buffer is overwritten with the update. */
    void step() {
        INDArray g = store.gradients().reshape(1, store.size());
        updater.applyUpdater(g, (int) iteration++, 0);
        store.values().subi(store.gradients());
    }

    double learningRate() {
        return updater.getConfig().getLearningRate(0, 0);
    }

    void learningRate(double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + lr);
        }
        updater.getConfig().setLearningRate(lr);
    }

    long iteration() {
        return iteration;
    }

    float[] state() {
        return state.castTo(DataType.FLOAT).toFloatVector();
    }

    void restore(float[] values, long steps) {
        if (values.length != state.length()) {
            throw new IllegalArgumentException("Adam state needs " + state.length() + " values, got " + values.length);
        }
        try (INDArray loaded = Nd4j.createFromArray(values)) {
            state.assign(loaded.reshape(1, values.length));
        }
        iteration = steps;
    }
}
