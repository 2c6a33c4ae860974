package dev.hetflow.ffjord.train;

import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.params.ParameterStore;
import dev.hetflow.optim.Adam;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Maximum likelihood ({@link MaximumLikelihood}) with Adam on the flat parameter buffer, for standalone use of the
 * ffjord module; this trainer owns its learning rate.
 */
public final class DensityTrainer {

    private final FlowLayer flow;
    private final ParameterStore store;
    private final Adam adam;
    private double learningRate;

    public DensityTrainer(FlowLayer flow, ParameterStore store, double learningRate) {
        this.flow = flow;
        this.store = store;
        this.adam = new Adam(List.of(store.values()));
        learningRate(learningRate);
    }

    /** One iteration on a batch {@code [B, D]}; returns the batch NLL (nats per sample) before the update. */
    public double step(INDArray batch) {
        double nll = MaximumLikelihood.lossAndGradient(flow, store, batch);
        if (!Double.isFinite(nll)) {
            throw new IllegalStateException("training diverged: NLL " + nll);
        }
        adam.update(List.of(store.gradients()), learningRate);
        return nll;
    }

    public void learningRate(double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    public long iterations() {
        return adam.step();
    }
}
