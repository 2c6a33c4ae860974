package dev.hetflow.experiments.report;

import dev.hetflow.experiments.fidelity.FidelityFigure;

/**
 * The paper's alternative to Fig. 1 beside the heterogeneous model: a homogeneous generator whose samples a separately
 * trained labeller annotates, judged by the same fidelity measure, and the total training time of each approach.
 *
 * @param model                ffjord or snf
 * @param dataset              mnist or piv
 * @param labeller             what labels the homogeneous samples
 * @param labellerReal         the labeller on real held-out data (MNIST accuracy, PIV RMS px against the truth)
 * @param baseline             the fidelity of the labelled homogeneous samples
 * @param generatorSeconds     training time of the homogeneous generator
 * @param labellerSeconds      training time of the labeller (0 for an estimator that is not trained)
 * @param heterogeneous        the heterogeneous model's fidelity, same judge
 * @param heterogeneousSeconds training time of the heterogeneous model
 */
public record BaselineRow(String model, String dataset, String labeller, double labellerReal, FidelityFigure baseline,
        double generatorSeconds, double labellerSeconds, FidelityFigure heterogeneous, double heterogeneousSeconds) {

    public double totalSeconds() {
        return generatorSeconds + labellerSeconds;
    }
}
