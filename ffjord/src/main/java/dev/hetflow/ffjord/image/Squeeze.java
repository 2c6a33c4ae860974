package dev.hetflow.ffjord.image;

import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.cnf.FlowVisitor;
import dev.hetflow.ffjord.cnf.Pass;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Space-to-depth by 2 (Dinh et al. 2017, RealNVP; ffjord/lib/layers/squeeze.py): [C, H, W] -> [4C, H/2, W/2] with
 * output channel 4c + 2i + j holding input pixels (2y + i, 2x + j) of channel c. A permutation: logdet 0.
 * Rows are flattened NCHW images.
 */
public final class Squeeze implements FlowLayer {

    private final int channels;
    private final int height;
    private final int width;

    public Squeeze(int channels, int height, int width) {
        if (channels <= 0 || height <= 0 || width <= 0 || height % 2 != 0 || width % 2 != 0) {
            throw new IllegalArgumentException("squeeze needs positive C and even H, W; got " + channels + "x" + height
                    + "x" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /** C of the [C, H, W] input. */
    public int channels() {
        return channels;
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

    private void check(INDArray x) {
        if (x.rank() != 2 || x.columns() != (long) channels * height * width) {
            throw new IllegalArgumentException("expected [B, " + (channels * height * width) + "] images, got "
                    + java.util.Arrays.toString(x.shape()));
        }
    }

    INDArray squeeze(INDArray x) {
        check(x);
        long b = x.rows();
        return x.reshape('c', b, channels, height / 2, 2, width / 2, 2).permute(0, 1, 3, 5, 2, 4).dup('c')
                .reshape('c', b, (long) channels * height * width);
    }

    INDArray unsqueeze(INDArray z) {
        check(z);
        long b = z.rows();
        return z.reshape('c', b, channels, 2, 2, height / 2, width / 2).permute(0, 1, 4, 2, 5, 3).dup('c')
                .reshape('c', b, (long) channels * height * width);
    }

    @Override
    public INDArray encode(INDArray x, INDArray logdet, Pass pass) {
        return squeeze(x);
    }

    @Override
    public INDArray decode(INDArray z) {
        return unsqueeze(z);
    }

    @Override
    public INDArray backward(INDArray gradZ, INDArray gradLogdet) {
        // the transpose of a permutation is its inverse
        return unsqueeze(gradZ);
    }

    @Override
    public <R> R accept(FlowVisitor<R> visitor) {
        return visitor.squeeze(this);
    }
}
