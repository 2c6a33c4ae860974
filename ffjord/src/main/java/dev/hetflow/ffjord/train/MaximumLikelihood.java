package dev.hetflow.ffjord.train;

import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.cnf.Pass;
import dev.hetflow.ffjord.cnf.StandardNormal;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The maximum-likelihood objective of a flow with a standard normal base and its gradient:
 * NLL = -mean_b [log N(z_b; 0, I) + logdet_b] (FFJORD eq. 4 with the change of variables), the one place that
 * backpropagates it; {@link DensityTrainer} and trainer-core's FFJORD model both call it.
 */
public final class MaximumLikelihood {

    private MaximumLikelihood() {
    }

    /**
     * Encodes the batch {@code [B, D]} for training and returns its NLL (nats per sample). When the NLL is finite the
     * store's gradient buffer is zeroed and then holds dNLL/dtheta; when it is not, nothing is backpropagated.
     */
    public static double lossAndGradient(FlowLayer flow, ParameterStore store, INDArray batch) {
        int b = (int) batch.rows();
        if (b == 0) {
            throw new IllegalArgumentException("empty training batch");
        }
        try (INDArray logdet = Nd4j.zeros(batch.dataType(), b, 1)) {
            INDArray z = flow.encode(batch, logdet, Pass.TRAIN);
            double nll;
            try (INDArray logp = StandardNormal.logDensity(z)) {
                nll = -logp.addi(logdet).meanNumber().doubleValue();
            }
            if (Double.isFinite(nll)) {
                store.zeroGradients();
                // dNLL/dz = z / B (from -log N(z; 0, I) = |z|^2 / 2 + const), dNLL/dlogdet = -1 / B
                try (INDArray gradLogdet = Nd4j.valueArrayOf(new long[] {b, 1}, -1.0 / b, batch.dataType())) {
                    flow.backward(z.divi(b), gradLogdet);
                }
            }
            z.close();
            return nll;
        }
    }
}
