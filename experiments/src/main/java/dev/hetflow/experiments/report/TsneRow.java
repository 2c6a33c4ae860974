package dev.hetflow.experiments.report;

/**
 * A t-SNE of MNIST latents.
 *
 * @param model    the heterogeneous model whose latents were embedded
 * @param points   validation digits embedded
 * @param klCost   the embedding's final KL divergence
 * @param file     the PNG
 * @param unstable the model's run diverged
 */
public record TsneRow(String model, int points, double klCost, String file, boolean unstable) {
}
