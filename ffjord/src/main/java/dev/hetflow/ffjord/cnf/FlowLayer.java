package dev.hetflow.ffjord.cnf;

import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An invertible map from data x to latent z with a tractable log-determinant, so that
 * log p(x) = log p(z) + logdet(x). Rows are samples ({@code [B, D]}).
 */
public interface FlowLayer {

    /** Attach parameter views after the store is built (no-op for parameter-free layers). */
    void bind(ParameterStore store);

    /**
     * x -> z; adds each row's log|det dz/dx| into {@code logdet} ({@code [B, 1]}, modified in place). A TRAIN pass
     * remembers what {@link #backward} needs.
     */
    INDArray encode(INDArray x, INDArray logdet, Pass pass);

    /** z -> x, the inverse of encode (sampling direction). */
    INDArray decode(INDArray z);

    /**
     * After a TRAIN encode: from dL/dz and dL/dlogdet ({@code [B, 1]}) returns dL/dx and adds dL/dtheta into the
     * store's gradient buffer.
     */
    INDArray backward(INDArray gradZ, INDArray gradLogdet);

    /** Calls the visitor's method for this kind of layer (see {@link FlowVisitor}). */
    <R> R accept(FlowVisitor<R> visitor);
}
