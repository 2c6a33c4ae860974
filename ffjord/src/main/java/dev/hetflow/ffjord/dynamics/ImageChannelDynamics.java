package dev.hetflow.ffjord.dynamics;

import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A free conv net g ({@link ConvDynamics}) that moves only the image channels: f(t, z) = m * g(t, z') with m = 1 on
 * the image channels and 0 on the last {@code labelChannels} planes. The labels never change along the flow, so a
 * layer before this block that put them into closed form (e.g. {@link dev.hetflow.ffjord.image.ClassExpansion})
 * keeps them exactly: the block models p(image | labels). With a {@link LabelCode}, the net sees z' = the image
 * channels and the code of the labels (e.g. the class) in place of their latent values; the code is piecewise
 * constant in the labels, so its tangents and gradients are zero. The Jacobian's label rows are zero, so they add
 * nothing to tr(df/dz) (FFJORD eq. 4) and the masked tangent rows carry the rest.
 */
public final class ImageChannelDynamics implements Dynamics {

    private final ConvDynamics free;
    private final int labels;
    private final int imageDim;
    private final LabelCode code;

    /**
     * @param freeNet       the free net's architecture over every channel
     * @param labelChannels the last channels that are label planes, held fixed (at least one)
     * @param code          what the net sees in place of the labels, or null for their latent values
     */
    public ImageChannelDynamics(ConvSpec freeNet, int labelChannels, LabelCode code, ParameterStore.Builder params,
            String prefix) {
        if (labelChannels < 1 || labelChannels >= freeNet.channels()) {
            throw new IllegalArgumentException("need 1.." + (freeNet.channels() - 1) + " label channels, got "
                    + labelChannels);
        }
        this.free = new ConvDynamics(freeNet, params, prefix);
        this.labels = labelChannels;
        this.imageDim = (freeNet.channels() - labelChannels) * freeNet.height() * freeNet.width();
        this.code = code;
    }

    public ConvDynamics free() {
        return free;
    }

    public int labelChannels() {
        return labels;
    }

    /** What the net sees in place of the labels, or null. */
    public LabelCode code() {
        return code;
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
        Tape inner = free.newTape(batch, tangents);
        return code == null ? inner : new CodedTape(inner);
    }

    @Override
    public INDArray forward(double t, Tape tape) {
        Tape inner = tape;
        if (code != null) {
            CodedTape tp = cast(tape);
            inner = tp.inner;
            writeCoded(tp.input, inner.input(), tp.batch());
        }
        INDArray out = free.forward(t, inner);
        labelColumns(out).assign(0);
        return out;
    }

    /** The net's input: image columns as given, label columns the code (primal rows) or 0 (tangent rows). */
    private void writeCoded(INDArray from, INDArray to, int batch) {
        to.assign(from);
        labelColumns(to).assign(0);
        code.prepare();
        int d = dim();
        double[] z = from.get(NDArrayIndex.interval(0, batch), NDArrayIndex.all()).castTo(DataType.DOUBLE).dup('c')
                .data().asDouble();
        double[] coded = new double[batch * d];
        for (int b = 0; b < batch; b++) {
            code.code(z, b * d + imageDim, coded, b * d + imageDim);
        }
        INDArray codes = Nd4j.create(coded, new long[] {batch, d}, 'c').castTo(to.dataType());
        to.get(NDArrayIndex.interval(0, batch), NDArrayIndex.interval(imageDim, d))
                .assign(codes.get(NDArrayIndex.all(), NDArrayIndex.interval(imageDim, d)));
    }

    @Override
    public INDArray backward(Tape tape, double paramScale) {
        Tape inner = code == null ? tape : cast(tape).inner;
        labelColumns(inner.gradOutput()).assign(0);
        INDArray gradIn = free.backward(inner, paramScale);
        if (code != null) {
            // the code is piecewise constant in the labels: no gradient reaches them through it
            labelColumns(gradIn).assign(0);
        }
        return gradIn;
    }

    private INDArray labelColumns(INDArray rows) {
        return rows.get(NDArrayIndex.all(), NDArrayIndex.interval(imageDim, dim()));
    }

    private static CodedTape cast(Tape tape) {
        if (tape instanceof CodedTape t) {
            return t;
        }
        throw new IllegalArgumentException("tape was not made by this ImageChannelDynamics");
    }

    /** The caller's input beside the net's own, which holds the code. */
    private static final class CodedTape extends WrappedTape {
        final INDArray input;

        CodedTape(Tape inner) {
            super(inner);
            this.input = Nd4j.create(inner.input().dataType(), inner.input().shape());
        }

        @Override
        public INDArray input() {
            return input;
        }
    }

    @Override
    public <R> R accept(DynamicsVisitor<R> visitor) {
        return visitor.imageChannels(this);
    }
}
