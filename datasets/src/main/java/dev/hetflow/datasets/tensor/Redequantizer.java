package dev.hetflow.datasets.tensor;

import dev.hetflow.datasets.manifest.DatasetManifest;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Draws a stored sample's dequantization noise afresh, as FFJORD does every batch: a sample streamed or cached once
 * keeps its level in every dequantized pixel, only the offset inside the level's cell changes, so a model trained on
 * a few thousand samples over many epochs cannot learn the noise. A pixel stored as (k + u)/L becomes (k + u')/L
 * with k = floor(L v) (clipped to 0..L-1) and u' uniform in [0, 1): image channels with their levels (L = 256), label
 * channels only when they were stored with {@link LabelNoise#PLANES} (discrete ones with their levels, continuous ones
 * on {@link LabelNoise#PLANE_LEVELS} cells). Data stored without noise (at cell centres) is left as it is.
 */
public final class Redequantizer {

    private static final Redequantizer NONE = new Redequantizer(new int[0], 1);

    private final int[] cells;
    private final int plane;

    private Redequantizer(int[] cells, int plane) {
        this.cells = cells;
        this.plane = plane;
    }

    /** For samples of {@code channels} (H x W each) stored with these dequantization and label options. */
    public static Redequantizer of(List<Channel> channels, int height, int width, Dequantization dequantization,
                                   LabelNoise labelNoise) {
        if (dequantization != Dequantization.UNIFORM) {
            return NONE;
        }
        int[] cells = new int[channels.size()];
        for (int c = 0; c < cells.length; c++) {
            Channel channel = channels.get(c);
            boolean label = Channel.LABEL.equals(channel.kind());
            if (label && labelNoise != LabelNoise.PLANES) {
                continue;
            }
            cells[c] = channel.discrete() ? channel.levels() : label ? LabelNoise.PLANE_LEVELS : 0;
        }
        return new Redequantizer(cells, height * width);
    }

    /** For the records of a published data set, from its manifest. */
    public static Redequantizer of(DatasetManifest manifest) {
        String labels = manifest.spec().get("labels");
        return of(manifest.channels(), manifest.shape().get(1), manifest.shape().get(2),
                Dequantization.parse(manifest.dequantization()),
                labels == null ? LabelNoise.CONSTANT : LabelNoise.parse(labels));
    }

    /** Whether {@link #apply} changes anything. */
    public boolean active() {
        for (int c : cells) {
            if (c > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Redraws in place the noise of a batch of samples laid out one after another, {@code dims} values each (the
     * leading channels: a homogeneous model trains on a prefix of the heterogeneous channels).
     */
    public void apply(float[] batch, int dims, RandomGenerator rng) {
        if (this == NONE) {
            return;
        }
        if (dims < 1 || batch.length % dims != 0 || dims % plane != 0 || dims / plane > cells.length) {
            throw new IllegalArgumentException("a batch of " + batch.length + " values in samples of " + dims
                    + " does not fit " + cells.length + " channels of " + plane + " pixels");
        }
        for (int start = 0; start < batch.length; start += dims) {
            for (int c = 0; c < dims / plane; c++) {
                int levels = cells[c];
                if (levels == 0) {
                    continue;
                }
                for (int i = start + c * plane; i < start + (c + 1) * plane; i++) {
                    batch[i] = redraw(batch[i], levels, rng.nextDouble());
                }
            }
        }
    }

    /** (floor(L v) + u)/L as a float kept inside the cell of floor(L v). */
    static float redraw(float v, int levels, double u) {
        int k = (int) Math.max(0, Math.min(levels - 1, Math.floor((double) v * levels)));
        float out = (float) ((k + u) / levels);
        while ((double) out * levels >= k + 1) {
            out = Math.nextDown(out);
        }
        while ((double) out * levels < k) {
            out = Math.nextUp(out);
        }
        return out;
    }
}
