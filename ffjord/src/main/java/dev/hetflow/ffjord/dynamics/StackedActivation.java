package dev.hetflow.ffjord.dynamics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A pointwise activation on stacked rows (block 0 = primal, blocks 1..K = tangents), shared by the MLP and conv
 * nets. Forward: h = s(a) on the primal block, tangent'_k = s'(a) * tangent_k. Backward, with r = s''/s':
 * dL/da = g_h s' + r * sum_k g_k tangent'_k and dL/dtangent_k = g_k s'.
 */
final class StackedActivation {

    private StackedActivation() {
    }

    /** a: pre-activation blocks; next: output blocks; slope: receives s'(a_primal). */
    static void forward(Activation act, INDArray[] a, INDArray[] next, INDArray slope) {
        act.apply(a[0], next[0], slope);
        for (int k = 1; k < a.length; k++) {
            a[k].mul(slope, next[k]);
        }
    }

    /**
     * g: gradient blocks wrt the activation output, turned in place into gradients wrt the pre-activation; next and
     * slope as left by forward; q and r are scratch of the primal block's shape.
     */
    static void backward(Activation act, INDArray[] g, INDArray[] next, INDArray slope, INDArray q, INDArray r) {
        int tangents = g.length - 1;
        if (tangents > 0) {
            g[1].mul(next[1], q);
            for (int k = 2; k <= tangents; k++) {
                q.addi(g[k].mul(next[k]));
            }
            for (int k = 1; k <= tangents; k++) {
                g[k].muli(slope);
            }
        }
        g[0].muli(slope);
        if (tangents > 0) {
            act.curvatureRatio(next[0], slope, r);
            g[0].addi(q.muli(r));
        }
    }
}
