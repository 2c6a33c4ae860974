package dev.hetflow.experiments.report;

/**
 * Bits/dim of a heterogeneous run split by the chain rule (see {@code BitsPerDim.conditionalLabel}): the image part
 * estimated by the homogeneous model of the same kind on the same validation images, the rest per label dimension.
 *
 * @param imageBitsPerDim the homogeneous model's best validation bits/dim
 * @param labelBitsPerDim conditional bits per label dimension, may be negative
 */
public record BitsSplit(double imageBitsPerDim, double labelBitsPerDim) {
}
