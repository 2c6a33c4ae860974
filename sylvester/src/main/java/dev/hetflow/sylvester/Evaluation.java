package dev.hetflow.sylvester;

/**
 * Test metrics per example: the ELBO (mean of the S importance log-weights) and the importance-sampled negative
 * log-likelihood -log (1/S sum_s w_s), in nats and in bits/dim (-ELBO and NLL divided by dims ln 2).
 */
public record Evaluation(double elboNats, double nllNats, double negativeElboBitsPerDim, double nllBitsPerDim,
        int examples, int importanceSamples) {
}
