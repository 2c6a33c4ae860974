package dev.hetflow.datasets.tensor;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Fills the channels of a (C, H, W) float tensor with normalized values. */
public final class TensorAssembler {

    private final int plane;
    private final float[] values;

    public TensorAssembler(int channels, int height, int width) {
        this.plane = height * width;
        this.values = new float[channels * plane];
    }

    /** Channel {@code c} from 8-bit levels (unsigned bytes), one per pixel, dequantized as asked. */
    public TensorAssembler levels(int c, Channel channel, byte[] levels, Dequantization dequantization,
                                  RandomGenerator rng) {
        check(levels.length);
        int base = c * plane;
        for (int i = 0; i < plane; i++) {
            values[base + i] = channel.normalizeLevel(levels[i] & 0xff, dequantization.offset(rng));
        }
        return this;
    }

    /** Channel {@code c} filled with one class (a constant label channel), at its cell centre. */
    public TensorAssembler constantLevel(int c, Channel channel, int level) {
        if (level < 0 || level >= channel.levels()) {
            throw new IllegalArgumentException("level " + level + " outside 0.." + (channel.levels() - 1)
                    + " of channel " + channel.name());
        }
        Arrays.fill(values, c * plane, (c + 1) * plane, channel.normalizeLevel(level, 0.5));
        return this;
    }

    /**
     * Channel {@code c} as the plane of one label: a class index for a discrete channel, a value in the channel's unit
     * for a continuous one. With {@link LabelNoise#PLANES} and uniform dequantization every pixel gets its own
     * offset in the label's cell (see {@link LabelNoise}); otherwise the plane is constant at the cell centre
     * (discrete) or at the value (continuous).
     */
    public TensorAssembler labelPlane(int c, Channel channel, double value, LabelNoise noise,
                                      Dequantization dequantization, RandomGenerator rng) {
        boolean noisy = noise == LabelNoise.PLANES && dequantization == Dequantization.UNIFORM;
        if (channel.discrete()) {
            int level = (int) value;
            if (level != value) {
                throw new IllegalArgumentException("class " + value + " of channel " + channel.name()
                        + " is not a whole number");
            }
            if (!noisy) {
                return constantLevel(c, channel, level);
            }
            if (level < 0 || level >= channel.levels()) {
                throw new IllegalArgumentException("level " + level + " outside 0.." + (channel.levels() - 1)
                        + " of channel " + channel.name());
            }
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                values[i] = channel.normalizeLevel(level, rng.nextDouble());
            }
            return this;
        }
        if (!noisy) {
            return constant(c, channel, value);
        }
        double v = channel.normalize(value);
        int cells = LabelNoise.PLANE_LEVELS;
        int cell = (int) Math.max(0, Math.min(cells - 1, Math.floor(v * cells)));
        for (int i = c * plane; i < (c + 1) * plane; i++) {
            values[i] = inCell(cell, rng.nextDouble(), cells);
        }
        return this;
    }

    /** (cell + offset) / cells as a float that stays inside [cell, cell + 1) / cells. */
    private static float inCell(int cell, double offset, int cells) {
        float v = (float) ((cell + offset) / cells);
        while ((double) v * cells >= cell + 1) {
            v = Math.nextDown(v);
        }
        while ((double) v * cells < cell) {
            v = Math.nextUp(v);
        }
        return v;
    }

    /** Channel {@code c} filled with one continuous value in the channel's unit. */
    public TensorAssembler constant(int c, Channel channel, double value) {
        Arrays.fill(values, c * plane, (c + 1) * plane, (float) channel.normalize(value));
        return this;
    }

    /** Channel {@code c} from one continuous value per pixel, in the channel's unit. */
    public TensorAssembler field(int c, Channel channel, float[] field) {
        check(field.length);
        int base = c * plane;
        for (int i = 0; i < plane; i++) {
            values[base + i] = (float) channel.normalize(field[i]);
        }
        return this;
    }

    public float[] values() {
        return values;
    }

    private void check(int length) {
        if (length != plane) {
            throw new IllegalArgumentException("expected " + plane + " values for a channel, got " + length);
        }
    }
}
