package dev.hetflow.sampler.kserve;

import java.util.List;

/**
 * A v2 inference request.
 *
 * @param id     echoed in the response
 * @param inputs the sampler graph's inputs: the latent (FP32 [N, C, H, W]) and, for FFJORD, steps (INT64 [1])
 */
public record InferRequest(String id, List<InferTensor> inputs) {
}
