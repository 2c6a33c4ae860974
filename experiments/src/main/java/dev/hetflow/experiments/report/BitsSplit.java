package dev.hetflow.experiments.report;

/**
 * Bits/dim of a heterogeneous run split by the chain rule. Either across two models (see
 * {@code BitsPerDim.conditionalLabel}): log p(image) from the homogeneous model of the same kind on the same
 * validation images, the rest per label dimension, log p(label | image); or, for a model that puts its labels first
 * in closed form ({@code labelsFirst}), from the model alone: its exact log p(label), and log p(image | label) as the
 * rest.
 *
 * @param imageBitsPerDim bits per image dimension: p(image), or p(image | label) when labelsFirst
 * @param labelBitsPerDim bits per label dimension: p(label | image), or p(label) when labelsFirst; may be negative
 * @param labelsFirst     whether the split is the model's own p(label) p(image | label)
 */
public record BitsSplit(double imageBitsPerDim, double labelBitsPerDim, boolean labelsFirst) {
}
