package dev.hetflow.sylvester.flows;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * One normalizing-flow layer without parameters of its own: the encoder's head supplies, per data point, the
 * amortized parameter blocks listed by {@link #parameterBlocks()} (van den Berg et al. 2018, sec. 3: the flow
 * parameters are functions of x). Invertibility holds by construction for any values of those blocks.
 */
public interface Flow {

    /** Sizes of the amortized parameter blocks this layer reads, per data point, in the order {@code apply} takes. */
    int[] parameterBlocks();

    /**
     * Applies the layer to z [B,D].
     *
     * @param blocks one [B, parameterBlocks()[i]] variable per block
     */
    FlowStep apply(SameDiff sd, SDVariable z, SDVariable[] blocks);

    /** Blocks whose encoder head needs a random (not near-zero) bias, e.g. reflection vectors, so they are not 0. */
    default boolean[] needsRandomBias() {
        return new boolean[parameterBlocks().length];
    }

    /**
     * A fresh hand-written forward/backward of this layer for the training step, or null where there is none (the
     * step then keeps SameDiff's gradient).
     */
    default FlowKernel kernel() {
        return null;
    }

    static void checkBlocks(Flow flow, SDVariable[] blocks) {
        if (blocks.length != flow.parameterBlocks().length) {
            throw new IllegalArgumentException(flow.getClass().getSimpleName() + " needs " + flow.parameterBlocks().length
                    + " parameter blocks, got " + blocks.length);
        }
    }
}
