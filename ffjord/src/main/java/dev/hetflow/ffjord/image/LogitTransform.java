package dev.hetflow.ffjord.image;

import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.cnf.FlowVisitor;
import dev.hetflow.ffjord.cnf.Pass;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The logit transform of RealNVP section 4.1 as FFJORD applies it (ffjord/lib/layers/elemwise.py, alpha = 1e-6 for
 * MNIST): s = alpha + (1 - 2 alpha) x, y = log s - log(1 - s), with the exact elementwise log-determinant
 * log|dy/dx| = log(1 - 2 alpha) - log s - log(1 - s), summed over the row. Data must lie in [0, 1].
 */
public final class LogitTransform implements FlowLayer {

    private final double alpha;
    private INDArray lastS;

    public LogitTransform(double alpha) {
        if (!(alpha >= 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("logit alpha must lie in [0, 0.5), got " + alpha);
        }
        this.alpha = alpha;
    }

    /** The logit's alpha: s = alpha + (1 - 2 alpha) x. */
    public double alpha() {
        return alpha;
    }

    @Override
    public void bind(ParameterStore store) {
    }

    @Override
    public INDArray encode(INDArray x, INDArray logdet, Pass pass) {
        double min = x.minNumber().doubleValue();
        double max = x.maxNumber().doubleValue();
        if (min < 0 || max > 1) {
            throw new IllegalArgumentException("logit transform needs data in [0, 1], got [" + min + ", " + max + "]");
        }
        INDArray s = x.mul(1 - 2 * alpha).addi(alpha);
        INDArray logS = Transforms.log(s, true);
        INDArray log1mS = Transforms.log(s.rsub(1.0), false);
        logdet.addi(logS.add(log1mS).sum(true, 1).rsubi(x.columns() * Math.log(1 - 2 * alpha)));
        if (pass == Pass.TRAIN) {
            lastS = s;
        }
        return logS.subi(log1mS);
    }

    @Override
    public INDArray decode(INDArray y) {
        return Transforms.sigmoid(y, true).subi(alpha).divi(1 - 2 * alpha);
    }

    @Override
    public INDArray backward(INDArray gradZ, INDArray gradLogdet) {
        if (lastS == null) {
            throw new IllegalStateException("backward needs a preceding TRAIN encode");
        }
        INDArray s = lastS;
        lastS = null;
        // dy/dx = (1 - 2a) / (s (1 - s)); d logdet / dx = -(1 - 2a) (1 - 2s) / (s (1 - s))
        INDArray inv = s.mul(s.rsub(1.0)).rdivi(1 - 2 * alpha);
        INDArray fromLogdet = s.mul(-2).addi(1).muli(inv).negi().muliColumnVector(gradLogdet);
        return gradZ.mul(inv).addi(fromLogdet);
    }

    @Override
    public <R> R accept(FlowVisitor<R> visitor) {
        return visitor.logit(this);
    }
}
