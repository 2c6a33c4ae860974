package dev.hetflow.ffjord.train;

import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.cnf.Pass;
import dev.hetflow.ffjord.cnf.StandardNormal;
import dev.hetflow.ffjord.params.AdamOptimizer;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Maximum likelihood for a flow with a standard normal base: minimises
 * NLL = -mean_b [log N(z_b; 0, I) + logdet_b] with Adam on the flat parameter buffer.
 */
public final class DensityTrainer {

    private final FlowLayer flow;
    private final ParameterStore store;
    private final AdamOptimizer adam;

    public DensityTrainer(FlowLayer flow, ParameterStore store, double learningRate) {
        this.flow = flow;
        this.store = store;
        this.adam = new AdamOptimizer(store, learningRate);
    }

    /** One iteration on a batch {@code [B, D]}; returns the batch NLL (nats per sample) before the update. */
    public double step(INDArray batch) {
        int b = (int) batch.rows();
        if (b == 0) {
            throw new IllegalArgumentException("empty training batch");
        }
        INDArray logdet = Nd4j.zeros(batch.dataType(), b, 1);
        INDArray z = flow.encode(batch, logdet, Pass.TRAIN);
        double nll = -StandardNormal.logDensity(z).addi(logdet).meanNumber().doubleValue();
        if (!Double.isFinite(nll)) {
            throw new IllegalStateException("training diverged: NLL " + nll);
        }
        store.zeroGradients();
        // dNLL/dz = z / B (from -log N), dNLL/dlogdet = -1 / B
        flow.backward(z.divi(b), Nd4j.valueArrayOf(new long[] {b, 1}, -1.0 / b, batch.dataType()));
        adam.step();
        return nll;
    }

    public void learningRate(double learningRate) {
        adam.learningRate(learningRate);
    }

    public int iterations() {
        return adam.iterations();
    }
}
