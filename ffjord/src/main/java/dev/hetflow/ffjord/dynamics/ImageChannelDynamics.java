package dev.hetflow.ffjord.dynamics;

import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A free conv net g ({@link ConvDynamics}) that moves only the image channels: f(t, z) = m * g(t, z) with m = 1 on
 * the image channels and 0 on the last {@code labelChannels} planes. The labels are inputs the net conditions on but
 * never changes, so a layer before this block that put the labels into closed form (e.g.
 * {@link dev.hetflow.ffjord.image.ClassExpansion}) keeps them exactly: the block models p(image | labels). The
 * Jacobian's label rows are zero, so they add nothing to tr(df/dz) (FFJORD eq. 4) and the masked tangent rows carry
 * the rest.
 */
public final class ImageChannelDynamics implements Dynamics {

    private final ConvDynamics free;
    private final int labels;
    private final int imageDim;

    /**
     * @param freeNet       the free net's architecture over every channel
     * @param labelChannels the last channels that are label planes, held fixed (at least one)
     */
    public ImageChannelDynamics(ConvSpec freeNet, int labelChannels, ParameterStore.Builder params, String prefix) {
        if (labelChannels < 1 || labelChannels >= freeNet.channels()) {
            throw new IllegalArgumentException("need 1.." + (freeNet.channels() - 1) + " label channels, got "
                    + labelChannels);
        }
        this.free = new ConvDynamics(freeNet, params, prefix);
        this.labels = labelChannels;
        this.imageDim = (freeNet.channels() - labelChannels) * freeNet.height() * freeNet.width();
    }

    public ConvDynamics free() {
        return free;
    }

    public int labelChannels() {
        return labels;
    }

    /** C H W of the image channels: the flattened columns the net moves. */
    public int imageDim() {
        return imageDim;
    }

    @Override
    public void bind(ParameterStore store) {
        free.bind(store);
    }

    @Override
    public int dim() {
        return free.dim();
    }

    @Override
    public Tape newTape(int batch, int tangents) {
        return free.newTape(batch, tangents);
    }

    @Override
    public INDArray forward(double t, Tape tape) {
        INDArray out = free.forward(t, tape);
        labelColumns(out).assign(0);
        return out;
    }

    @Override
    public INDArray backward(Tape tape, double paramScale) {
        labelColumns(tape.gradOutput()).assign(0);
        return free.backward(tape, paramScale);
    }

    private INDArray labelColumns(INDArray rows) {
        return rows.get(NDArrayIndex.all(), NDArrayIndex.interval(imageDim, dim()));
    }

    @Override
    public <R> R accept(DynamicsVisitor<R> visitor) {
        return visitor.imageChannels(this);
    }
}
