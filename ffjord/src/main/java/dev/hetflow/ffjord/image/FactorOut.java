package dev.hetflow.ffjord.image;

import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.cnf.FlowVisitor;
import dev.hetflow.ffjord.cnf.Pass;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Multiscale factor-out (RealNVP section 3.6; FFJORD's multiscale ODENVP): the first {@code kept} columns of a row
 * (the first channels of a flattened NCHW image) go through the inner flow, the rest leave the model here and are
 * modelled directly by the standard normal base. The result is concat(inner(kept), factored), so the whole model is
 * one bijection with base N(0, I).
 */
public final class FactorOut implements FlowLayer {

    private final int kept;
    private final FlowLayer inner;

    public FactorOut(int kept, FlowLayer inner) {
        if (kept <= 0) {
            throw new IllegalArgumentException("must keep at least one dimension, got " + kept);
        }
        this.kept = kept;
        this.inner = inner;
    }

    /** Leading columns of a row that go through the inner flow. */
    public int kept() {
        return kept;
    }

    public FlowLayer inner() {
        return inner;
    }

    @Override
    public void bind(ParameterStore store) {
        inner.bind(store);
    }

    private INDArray[] split(INDArray x) {
        if (x.rank() != 2 || x.columns() <= kept) {
            throw new IllegalArgumentException("need rows longer than the " + kept + " kept dimensions, got "
                    + java.util.Arrays.toString(x.shape()));
        }
        return new INDArray[] {
            x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, kept)).dup('c'),
            x.get(NDArrayIndex.all(), NDArrayIndex.interval(kept, x.columns())).dup('c')};
    }

    @Override
    public INDArray encode(INDArray x, INDArray logdet, Pass pass) {
        INDArray[] p = split(x);
        return Nd4j.hstack(inner.encode(p[0], logdet, pass), p[1]);
    }

    @Override
    public INDArray decode(INDArray z) {
        INDArray[] p = split(z);
        return Nd4j.hstack(inner.decode(p[0]), p[1]);
    }

    @Override
    public INDArray backward(INDArray gradZ, INDArray gradLogdet) {
        INDArray[] p = split(gradZ);
        return Nd4j.hstack(inner.backward(p[0], gradLogdet), p[1]);
    }

    @Override
    public <R> R accept(FlowVisitor<R> visitor) {
        return visitor.factorOut(this);
    }
}
