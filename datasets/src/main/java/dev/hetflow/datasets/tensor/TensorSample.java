package dev.hetflow.datasets.tensor;

/**
 * One normalized sample, float32 in channel-major (C, H, W) order: {@code values[(c * height + y) * width + x]}.
 *
 * @param index    position of the sample in its data set, 0-based
 * @param channels number of channels C
 * @param height   H
 * @param width    W
 * @param values   C*H*W normalized values; the array is owned by the sample, do not modify
 */
public record TensorSample(long index, int channels, int height, int width, float[] values) {

    public TensorSample {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("shape must be positive: " + channels + "x" + height + "x" + width);
        }
        if (values.length != channels * height * width) {
            throw new IllegalArgumentException("expected " + channels * height * width + " values, got "
                    + values.length);
        }
    }

    public float get(int c, int y, int x) {
        return values[(c * height + y) * width + x];
    }

    public int[] shape() {
        return new int[] {channels, height, width};
    }

    /** Mean of one channel, e.g. to read a constant label channel robustly. */
    public double channelMean(int c) {
        double sum = 0;
        int plane = height * width;
        for (int i = c * plane; i < (c + 1) * plane; i++) {
            sum += values[i];
        }
        return sum / plane;
    }
}
