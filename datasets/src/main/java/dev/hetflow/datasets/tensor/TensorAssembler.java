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
