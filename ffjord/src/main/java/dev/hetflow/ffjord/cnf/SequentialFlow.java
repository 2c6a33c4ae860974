package dev.hetflow.ffjord.cnf;

import dev.hetflow.ffjord.params.ParameterStore;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Layers applied in order when encoding (x -> z) and in reverse when decoding; log-determinants add up. With a
 * standard normal base, log p(x) = log N(z; 0, I) + sum of the layers' logdets.
 */
public final class SequentialFlow implements FlowLayer {

    private final List<FlowLayer> layers;

    public SequentialFlow(List<FlowLayer> layers) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("a flow needs at least one layer");
        }
        this.layers = List.copyOf(layers);
    }

    public List<FlowLayer> layers() {
        return layers;
    }

    @Override
    public void bind(ParameterStore store) {
        layers.forEach(l -> l.bind(store));
    }

    @Override
    public INDArray encode(INDArray x, INDArray logdet, Pass pass) {
        INDArray h = x;
        for (FlowLayer l : layers) {
            h = l.encode(h, logdet, pass);
        }
        return h;
    }

    @Override
    public INDArray decode(INDArray z) {
        INDArray h = z;
        for (int i = layers.size() - 1; i >= 0; i--) {
            h = layers.get(i).decode(h);
        }
        return h;
    }

    @Override
    public INDArray backward(INDArray gradZ, INDArray gradLogdet) {
        INDArray g = gradZ;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g, gradLogdet);
        }
        return g;
    }

    /** log p(x) per row ([B, 1]) under a standard normal base, evaluated with the EVAL solvers. */
    public INDArray logDensity(INDArray x) {
        INDArray logdet = Nd4j.zeros(x.dataType(), x.rows(), 1);
        INDArray z = encode(x, logdet, Pass.EVAL);
        return StandardNormal.logDensity(z).addi(logdet);
    }

    @Override
    public <R> R accept(FlowVisitor<R> visitor) {
        return visitor.sequential(this);
    }
}
