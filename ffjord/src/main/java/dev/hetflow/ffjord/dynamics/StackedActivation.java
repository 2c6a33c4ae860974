package dev.hetflow.ffjord.dynamics;

import dev.hetflow.ffjord.kernel.BoundOp;
import dev.hetflow.ffjord.kernel.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The pointwise activation between two layers of one tape, on stacked rows (block 0 = primal, blocks 1..K =
 * tangents), shared by the MLP and conv nets. Forward: h = s(a) on the primal block, tangent'_k = s'(a) * tangent_k.
 * Backward, with s'' = c rho s': dL/da = g_h s' + c rho * sum_k g_k tangent'_k and dL/dtangent_k = g_k s'.
 * Its ops are bound to the tape's arrays once (see {@link BoundOp}); float tapes run both passes as one vectorized
 * loop each instead ({@link VectorActivation}) where the JVM has the Vector API ({@link VectorSupport}).
 */
final class StackedActivation {

    private final int tangents;
    private final INDArray gradPrimal;
    private final INDArray curvatureSum;
    private final double curvatureFactor;
    private final List<BoundOp> forward = new ArrayList<>();
    private final List<BoundOp> backward = new ArrayList<>();
    private final VectorActivation fused;

    /**
     * a: pre-activations, next: activation outputs, ga: gradients wrt the activation output (turned in place into
     * gradients wrt a); all dense {@code [(1 + K) * batch, n]}.
     */
    StackedActivation(Activation act, INDArray a, INDArray next, INDArray ga, int batch) {
        this(act, a, next, ga, batch, null);
    }

    /**
     * As above, with a row mask [1, n] of 0/1 that multiplies s(a) and s'(a) on the primal rows: entries where it is
     * 0 (a conv layer's border pixels, see {@link PaddedGrid}) then give 0 in every output block and every gradient,
     * whatever a held there.
     */
    StackedActivation(Activation act, INDArray a, INDArray next, INDArray ga, int batch, INDArray mask) {
        this(act, a, next, ga, batch, mask, VectorSupport.AVAILABLE);
    }

    /** As above; {@code vector}: use {@link VectorActivation} where the arrays fit it (false: always ND4J ops). */
    StackedActivation(Activation act, INDArray a, INDArray next, INDArray ga, int batch, INDArray mask,
            boolean vector) {
        long rows = a.rows();
        long n = a.columns();
        this.tangents = (int) (rows / batch) - 1;
        INDArray value = Rows.block(next, 0, batch);
        INDArray slope = Nd4j.create(a.dataType(), batch, n);
        if (vector && VectorActivation.fits(a, next, ga, slope, mask)) {
            fused = new VectorActivation(act, a, next, ga, slope, mask, batch);
            gradPrimal = null;
            curvatureSum = null;
            curvatureFactor = 0;
            return;
        }
        fused = null;
        act.bindApply(Rows.block(a, 0, batch), value, slope, forward);
        if (mask != null) {
            forward.add(BoundOp.multiply(value, mask, value));
            forward.add(BoundOp.multiply(slope, mask, slope));
        }
        gradPrimal = Rows.block(ga, 0, batch);
        if (tangents == 0) {
            curvatureSum = null;
            curvatureFactor = 0;
            backward.add(BoundOp.multiply(gradPrimal, slope, gradPrimal));
            return;
        }
        // tangent blocks as [K, batch, n] and slope as [1, batch, n]: one broadcast multiply covers every block
        INDArray slope3 = slope.reshape('c', 1, batch, n);
        forward.add(BoundOp.multiply(stack(Rows.slice(a, batch, rows), batch), slope3,
                stack(Rows.slice(next, batch, rows), batch)));
        curvatureSum = Nd4j.create(a.dataType(), batch, n);
        INDArray scratch = Nd4j.create(a.dataType(), batch, n);
        // sum_k g_k tangent'_k, before the g_k are scaled
        backward.add(BoundOp.multiply(Rows.block(ga, 1, batch), Rows.block(next, 1, batch), curvatureSum));
        for (int k = 2; k <= tangents; k++) {
            backward.add(BoundOp.multiply(Rows.block(ga, k, batch), Rows.block(next, k, batch), scratch));
            backward.add(BoundOp.add(curvatureSum, scratch, curvatureSum));
        }
        INDArray ga3 = stack(ga, batch);
        backward.add(BoundOp.multiply(ga3, slope3, ga3));
        curvatureFactor = act.bindCurvature(curvatureSum, value, slope, scratch, backward);
    }

    /** A dense [(1 + K) B, n] array (or row range) seen as [1 + K, B, n], without a copy. */
    private static INDArray stack(INDArray rows, int batch) {
        INDArray v = rows.reshape('c', rows.rows() / batch, batch, rows.columns());
        if (v.data().addressPointer().address() != rows.data().addressPointer().address()) {
            throw new IllegalStateException("stacked rows are not dense; reshape copied");
        }
        return v;
    }

    void forward() {
        if (fused != null) {
            fused.forward();
            return;
        }
        for (BoundOp op : forward) {
            op.run();
        }
    }

    void backward() {
        if (fused != null) {
            fused.backward();
            return;
        }
        for (BoundOp op : backward) {
            op.run();
        }
        if (tangents > 0) {
            Vectors.axpy(curvatureFactor, curvatureSum, gradPrimal);
        }
    }
}
