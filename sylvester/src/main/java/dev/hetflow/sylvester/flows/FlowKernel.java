package dev.hetflow.sylvester.flows;

import dev.hetflow.sylvester.kernel.Values;

/**
 * A flow layer's hand-written forward and backward pass over a batch (the training step's counterpart of
 * {@link Flow#apply}: same map, same log-determinant). Latents are [B, D] row-major double arrays; the amortized
 * blocks are the encoder heads' outputs [B, size] in {@link Flow#parameterBlocks()} order. The forward pass keeps
 * what its backward pass needs, for one batch at a time.
 */
public interface FlowKernel {

    /** Sizes the saved state for {@code batch} examples. */
    void bind(int batch);

    /** zNext = f(z); logDet[b] += log|det dz'/dz| per example. */
    void forward(double[] z, Values[] blocks, double[] zNext, double[] logDet);

    /**
     * From gzNext = dL/dz' and the loss's weight on every log-determinant, writes gz = dL/dz and the blocks'
     * gradients (overwritten), for the batch of the last {@link #forward}.
     */
    void backward(double[] gzNext, double gLogDet, Values[] blocks, double[] gz, Values[] gBlocks);
}
