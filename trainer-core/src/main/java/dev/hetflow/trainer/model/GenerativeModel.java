package dev.hetflow.trainer.model;

import dev.hetflow.trainer.export.ExportedGraphs;
import java.util.Map;

/**
 * A generative model of any kind, built by its {@link ModelSpec}: what the trainer service, the experiments and the
 * benchmarks call. It trains (a step at the learning rate its caller's schedule owns), evaluates bits/dim with its
 * spec's evaluation solver, samples, encodes, decodes, exports its ONNX graphs, and snapshots everything training
 * changes. Implementations own their ND4J memory and release it in {@link #close()}.
 */
public interface GenerativeModel extends AutoCloseable {

    ModelSpec spec();

    /** The spec's family ({@code ffjord} or {@code snf}), as manifests and events name it. */
    default String family() {
        return spec().family();
    }

    SampleShape shape();

    /** One optimizer step; a non-finite loss or gradient leaves the parameters unchanged and says so. */
    StepResult trainStep(Batch batch, double learningRate);

    /** Mean bits/dim of the batch with the evaluation solver, the training solver's figure beside it (no update). */
    Evaluation evaluate(Batch batch);

    /**
     * The exact marginal bits per label dimension of the batch's label channels, -log2 p(labels) / D_label in the
     * data's normalized units, for a model that puts its labels first in closed form (p(labels) p(image | labels));
     * empty for the others, whose label share only a chain rule across two models can estimate.
     */
    default java.util.OptionalDouble labelBitsPerDim(Batch batch) {
        return java.util.OptionalDouble.empty();
    }

    /** How {@link Evaluation#bitsPerDim()} is computed, e.g. {@code dopri5, atol 1e-05, rtol 1e-05}. */
    String evaluationMethod();

    /** {@code n} new samples, C*H*W normalized values each (channel-major). */
    float[][] sample(int n, long seed);

    /** The latent code of each sample. */
    float[][] encode(float[][] samples);

    /** Samples decoded from latent codes (the inverse of {@link #encode} for flows, the decoder's mean for the VAE). */
    float[][] decode(float[][] latents);

    /** The ONNX sampler and encoder with {@code metadata} in their ONNX metadata. */
    ExportedGraphs export(Map<String, String> metadata);

    ModelSnapshot snapshot();

    /** Puts back parameters, optimizer state and random stream from a snapshot of this model. */
    void restore(ModelSnapshot snapshot);

    /** Optimizer steps taken so far. */
    long step();

    @Override
    void close();
}
