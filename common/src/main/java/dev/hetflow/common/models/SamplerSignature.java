package dev.hetflow.common.models;

import java.util.List;

/**
 * How to call a version's ONNX graphs. The sampler graph maps a latent batch {@code [N, C, H, W]} to data space
 * {@code [N, C, H, W]} with every channel normalized to (0,1) as the data set's manifest describes; FFJORD's graph
 * also takes the number of fixed solver steps as an int64 scalar input (the graph's {@code Loop} trip count).
 *
 * @param latentInput   input name of the sampler graph, e.g. {@code z}
 * @param latentShape   {@code [C, H, W]} of one latent (for SNF: {@code [Z, 1, 1]})
 * @param stepsInput    input name of the solver step count, or null when the graph has none (SNF)
 * @param defaultSteps  steps used when a request names none
 * @param output        output name of the sampler graph, e.g. {@code x}
 * @param encoderInput  input name of the encoder graph, e.g. {@code x}
 * @param encoderOutput output name of the encoder graph, e.g. {@code z}
 */
public record SamplerSignature(String latentInput, List<Integer> latentShape, String stepsInput, int defaultSteps,
                               String output, String encoderInput, String encoderOutput) {

    public SamplerSignature {
        latentShape = List.copyOf(latentShape);
    }
}
