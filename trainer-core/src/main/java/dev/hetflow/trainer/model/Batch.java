package dev.hetflow.trainer.model;

/**
 * A mini-batch of samples in channel-major (C, H, W) order, sample after sample: {@code values.length == size * C*H*W}.
 *
 * @param values normalized float32 values, owned by the batch
 * @param size   number of samples B
 * @param shape  (C, H, W) of one sample
 */
public record Batch(float[] values, int size, SampleShape shape) {

    public Batch {
        if (size < 1) {
            throw new IllegalArgumentException("a batch needs at least one sample, got " + size);
        }
        if (values.length != (long) size * shape.dimensions()) {
            throw new IllegalArgumentException("batch of " + size + " samples of " + shape + " needs "
                    + (long) size * shape.dimensions() + " values, got " + values.length);
        }
    }

    /** Fails with a clear message when this batch's samples are not of the model's {@code expected} shape. */
    public void requireShape(SampleShape expected) {
        if (!shape.equals(expected)) {
            throw new IllegalArgumentException("model expects samples of " + expected + ", got " + shape);
        }
    }
}
