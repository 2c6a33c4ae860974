package dev.hetflow.trainer.export;

import dev.hetflow.sylvester.SylvesterConfig;
import dev.hetflow.sylvester.flows.FlowType;
import java.util.function.UnaryOperator;

/**
 * The sylvester module's flows (flows/*.java) as ONNX nodes on a latent [N, D], with their amortized parameter
 * blocks given as [N, size] values: the same operations in the same order, so float32 results agree to rounding.
 * <ul>
 * <li>Sylvester core (O, H, T): z' = z + Q R h(R~ Q^T z + b), R = strictly upper part of F plus diag tanh(r),
 *     R~ = strictly lower part of F transposed plus diag tanh(r~), h = tanh;</li>
 * <li>orthogonal: Q [D, M] = the iterative orthogonalization Q <- Q (3/2 I - 1/2 Q^T Q) of A / ||A||_F, unrolled;</li>
 * <li>Householder: Q^T z = H_H ... H_1 z and Q y = H_1 ... H_H y, H_j x = x - 2 u_j (u_j^T x);</li>
 * <li>triangular: Q = I, or the reversal of z on odd layers (FlowStack's convention);</li>
 * <li>planar: z' = z + u^ tanh(w^T z + b) with u^ = u + (m(w^T u) - w^T u) w / ||w||^2, m(a) = softplus(a) - 1.</li>
 * </ul>
 */
final class SylvesterFlowsOnnx {

    /** HouseholderSylvesterFlow's and PlanarFlow's guard against a zero vector. */
    private static final float TINY = 1e-30f;

    private final GraphOps o;
    private final SylvesterConfig config;
    private final int d;

    SylvesterFlowsOnnx(GraphOps ops, SylvesterConfig config) {
        this.o = ops;
        this.config = config;
        this.d = config.latentDim();
    }

    /** Applies flow k of the configured type to z [N, D]. */
    String apply(int k, String z, String[] blocks) {
        return switch (config.flowType()) {
            case ORTHOGONAL -> orthogonal(z, blocks);
            case HOUSEHOLDER -> householder(z, blocks);
            case TRIANGULAR -> {
                UnaryOperator<String> p = k % 2 == 1 ? this::reverse : v -> v;
                yield core(z, blocks, d, p, p);
            }
            case PLANAR -> planar(z, blocks);
            case NONE -> z;
        };
    }

    private String orthogonal(String z, String[] blocks) {
        int m = config.effectiveOrthogonalColumns();
        String a = o.reshape(blocks[4], -1, d, m);
        String frobenius = o.op("Sqrt", o.sum(o.op("Mul", a, a), true, 1, 2));
        String q = o.op("Div", a, frobenius);
        String threeHalvesI = o.floats(scaledIdentity(m, 1.5f), m, m);
        String minusHalf = o.scalar(-0.5f);
        for (int i = 0; i < config.orthogonalizationSteps(); i++) {
            String qt = o.node("Transpose", q).attr("perm", 0L, 2L, 1L).output();
            String s = o.op("Add", o.op("Mul", o.op("MatMul", qt, q), minusHalf), threeHalvesI);
            q = o.op("MatMul", q, s);
        }
        String qm = q;
        return core(z, blocks, m, v -> matTVec(qm, v, d), v -> matVec(qm, v, m));
    }

    private String householder(String z, String[] blocks) {
        int reflections = config.householderReflections();
        String v = o.reshape(blocks[4], -1, reflections, d);
        String norm = o.op("Sqrt", o.op("Add", o.sum(o.op("Mul", v, v), true, 2), o.scalar(TINY)));
        String unit = o.op("Div", v, norm);
        String[] units = new String[reflections];
        for (int j = 0; j < reflections; j++) {
            units[j] = o.node("Gather", unit, o.index(j)).attr("axis", 1L).output();
        }
        return core(z, blocks, d, x -> {
            String out = x;
            for (int j = 0; j < reflections; j++) {
                out = reflect(out, units[j]);
            }
            return out;
        }, y -> {
            String out = y;
            for (int j = reflections - 1; j >= 0; j--) {
                out = reflect(out, units[j]);
            }
            return out;
        });
    }

    /** H x = x - 2 u (u^T x) for a unit vector u, per row. */
    private String reflect(String x, String u) {
        String dot = o.sum(o.op("Mul", u, x), true, 1);
        return o.op("Sub", x, o.op("Mul", u, o.op("Mul", dot, o.scalar(2f))));
    }

    private String reverse(String v) {
        long[] order = new long[d];
        for (int i = 0; i < d; i++) {
            order[i] = d - 1 - i;
        }
        return o.node("Gather", v, o.longs(order)).attr("axis", 1L).output();
    }

    /** SylvesterCore: blocks F [M*M], diag R [M], diag R~ [M], b [M]; qT maps [N, D] -> [N, M], q back. */
    private String core(String z, String[] blocks, int m, UnaryOperator<String> qT, UnaryOperator<String> q) {
        String full = o.reshape(blocks[0], -1, m, m);
        String diagR = o.op("Tanh", blocks[1]);
        String diagRTilde = o.op("Tanh", blocks[2]);
        String upper = o.op("Mul", full, o.floats(strictMask(m, true), m, m));
        String lower = o.op("Mul", full, o.floats(strictMask(m, false), m, m));
        String y = qT.apply(z);
        String pre = o.op("Add", o.op("Add", matTVec(lower, y, m), o.op("Mul", diagRTilde, y)), blocks[3]);
        String h = o.op("Tanh", pre);
        String rh = o.op("Add", matVec(upper, h, m), o.op("Mul", diagR, h));
        return o.op("Add", z, q.apply(rh));
    }

    private String planar(String z, String[] blocks) {
        String u = blocks[0];
        String w = blocks[1];
        String wu = o.sum(o.op("Mul", w, u), true, 1);
        String m = o.op("Sub", softplus(wu), o.scalar(1f));
        String wNorm2 = o.sum(o.op("Mul", w, w), true, 1);
        String uHat = o.op("Add", u, o.op("Mul", w, o.op("Div", o.op("Sub", m, wu),
                o.op("Add", wNorm2, o.scalar(TINY)))));
        String a = o.op("Add", o.sum(o.op("Mul", w, z), true, 1), blocks[2]);
        return o.op("Add", z, o.op("Mul", uHat, o.op("Tanh", a)));
    }

    /** relu(x) + log(1 + e^-|x|), SdOps' overflow-free form. */
    private String softplus(String x) {
        String tail = o.op("Log", o.op("Add", o.scalar(1f), o.op("Exp", o.op("Neg", o.op("Abs", x)))));
        return o.op("Add", o.op("Relu", x), tail);
    }

    /** a [N, R, M], v [N, M] -> a v [N, R] (SdOps.matVec). */
    private String matVec(String a, String v, int m) {
        return o.sum(o.op("Mul", a, o.reshape(v, -1, 1, m)), false, 2);
    }

    /** a [N, R, M], v [N, R] -> a^T v [N, M] (SdOps.matTVec). */
    private String matTVec(String a, String v, int rows) {
        return o.sum(o.op("Mul", a, o.reshape(v, -1, rows, 1)), false, 1);
    }

    private static float[] strictMask(int m, boolean upper) {
        float[] mask = new float[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                mask[i * m + j] = (upper ? j > i : i > j) ? 1f : 0f;
            }
        }
        return mask;
    }

    private static float[] scaledIdentity(int m, float scale) {
        float[] eye = new float[m * m];
        for (int i = 0; i < m; i++) {
            eye[i * m + i] = scale;
        }
        return eye;
    }
}
