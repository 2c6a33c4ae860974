package dev.hetflow.ffjord.image;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A first layer that maps the label planes to the base density in closed form, by themselves, and never lets a later
 * layer move them: the flow is then p(labels) p(image | labels), and the labels' marginal density is exact.
 */
public interface LabelsFirst {

    /** log p(labels) of each row of {@code x} ({@code [B, D]} data rows), in the data's normalized units. */
    double[] labelLogDensity(INDArray x);

    /** Label dimensions per row (label planes x H x W). */
    int labelDims();
}
