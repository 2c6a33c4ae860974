package dev.hetflow.ffjord.image;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Uniform dequantization of images with label channels (flattened NCHW rows in [0, 1]).
 *
 * <p>Image channels hold 8-bit levels as the data sets store them, (k + u) / 256 (dequantized) or k / 255; the level
 * is k = floor(256 v), clipped to 0..255, which recovers k from both (rounding 255 v would move (k + u)/256 up a level
 * whenever u is above about 1/2), and each pixel becomes (k + u') / 256 with a fresh u' ~ U(0, 1), FFJORD's
 * {@code (x * 255 + rand) / 256}. Then log P(k) >= E_u[log p(x)] - log 256 per dimension (Theis et al. 2016).
 *
 * <p>Label channels hold one value per sample, repeated over all H x W pixels: on those dimensions the data lie on a
 * line, a degenerate density that a flow could drive to infinite likelihood by collapsing it. We treat the label as
 * a discrete variable with {@code labelLevels} levels, level c = floor(v * L) (clipped to [0, L - 1]), and dequantize
 * each label pixel independently to (c + u) / L: uniform noise of width 1 / L, exactly the image treatment with L
 * levels instead of 256. Every label pixel then has a proper density on its cell, the same variational bound holds
 * with log L per label dimension, and decoding recovers the level as floor(x * L).
 */
public final class Dequantizer {

    private final ImageLayout layout;
    private final SplittableRandom rng;

    public Dequantizer(ImageLayout layout, long seed) {
        this.layout = layout;
        this.rng = new SplittableRandom(seed);
    }

    public ImageLayout layout() {
        return layout;
    }

    /** Dequantized copy of {@code x} ([B, (imageChannels + labelChannels) * H * W], values in [0, 1]). */
    public INDArray dequantize(INDArray x) {
        if (x.rank() != 2 || x.columns() != layout.dim()) {
            throw new IllegalArgumentException("expected [B, " + layout.dim() + "] rows, got "
                    + java.util.Arrays.toString(x.shape()));
        }
        double[] v = x.dup('c').data().asDouble();
        int d = layout.dim();
        int imageDims = layout.imageDims();
        for (int i = 0; i < v.length; i++) {
            double value = v[i];
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("data must lie in [0, 1], found " + value);
            }
            boolean image = i % d < imageDims;
            int levels = image ? 256 : layout.labelLevels();
            long level = Math.min(levels - 1, (long) Math.floor(value * levels));
            v[i] = (level + rng.nextDouble()) / levels;
        }
        return Nd4j.createFromArray(v).reshape('c', x.rows(), d).castTo(x.dataType());
    }
}
