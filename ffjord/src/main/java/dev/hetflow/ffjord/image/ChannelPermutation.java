package dev.hetflow.ffjord.image;

import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.cnf.FlowVisitor;
import dev.hetflow.ffjord.cnf.Pass;
import dev.hetflow.ffjord.params.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A fixed reordering of the channels of a flattened NCHW image: output channel k is input channel
 * {@code order[k]}. A permutation matrix has |det| = 1, so logdet is 0; the inverse and the backward pass (the
 * transpose of a permutation is its inverse) apply the inverse order. {@link ImageFlow} uses it before each
 * factor-out to move the label-derived channels to the front, where the factor-out keeps them.
 */
public final class ChannelPermutation implements FlowLayer {

    private final int[] order;
    private final int[] inverse;
    private final int height;
    private final int width;

    public ChannelPermutation(int[] order, int height, int width) {
        if (order == null || order.length == 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("channel permutation needs channels and a positive H, W");
        }
        int[] inv = new int[order.length];
        Arrays.fill(inv, -1);
        for (int k = 0; k < order.length; k++) {
            int c = order[k];
            if (c < 0 || c >= order.length || inv[c] >= 0) {
                throw new IllegalArgumentException("not a permutation of 0.." + (order.length - 1) + ": "
                        + Arrays.toString(order));
            }
            inv[c] = k;
        }
        this.order = order.clone();
        this.inverse = inv;
        this.height = height;
        this.width = width;
    }

    /** Output channel k holds input channel {@code order()[k]}. */
    public int[] order() {
        return order.clone();
    }

    public int channels() {
        return order.length;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    @Override
    public void bind(ParameterStore store) {
    }

    /** Rows of {@code x} with their channels gathered in {@code by}; consecutive channels are copied as one run. */
    private INDArray gather(INDArray x, int[] by) {
        long plane = (long) height * width;
        if (x.rank() != 2 || x.columns() != by.length * plane) {
            throw new IllegalArgumentException("expected [B, " + (by.length * plane) + "] images, got "
                    + Arrays.toString(x.shape()));
        }
        List<INDArray> runs = new ArrayList<>();
        int k = 0;
        while (k < by.length) {
            int end = k + 1;
            while (end < by.length && by[end] == by[end - 1] + 1) {
                end++;
            }
            runs.add(x.get(NDArrayIndex.all(), NDArrayIndex.interval(by[k] * plane, (by[end - 1] + 1) * plane)));
            k = end;
        }
        return Nd4j.hstack(runs.toArray(INDArray[]::new)).dup('c');
    }

    @Override
    public INDArray encode(INDArray x, INDArray logdet, Pass pass) {
        return gather(x, order);
    }

    @Override
    public INDArray decode(INDArray z) {
        return gather(z, inverse);
    }

    @Override
    public INDArray backward(INDArray gradZ, INDArray gradLogdet) {
        // z = P x, so dL/dx = P^T dL/dz = P^-1 dL/dz
        return gather(gradZ, inverse);
    }

    @Override
    public <R> R accept(FlowVisitor<R> visitor) {
        return visitor.channelPermutation(this);
    }
}
