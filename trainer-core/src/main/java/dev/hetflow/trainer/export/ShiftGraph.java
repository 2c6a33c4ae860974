package dev.hetflow.trainer.export;

import dev.hetflow.onnx.Graph;
import dev.hetflow.onnx.Tensor;

/**
 * The band-limited periodic shift of a PIV frame by the displacement its label planes decode to, as ONNX nodes (the
 * ffjord module's {@code PeriodicShift}): d = r (2 m - 1) from the planes' means m, then S_y A S_x^T with the
 * circulant Dirichlet kernels S[i, j] = sum_k w_k cos(omega_k (i - j - d)) over the frequencies 0..n/2 (weights 1, 2,
 * ..., 2, 1 over n). Constants are initializers of the outer graph; {@link #shifted} writes into any graph that sees
 * them (the outer one, or a loop body).
 */
final class ShiftGraph {

    private final Graph g;
    private final Names names;
    private final Kernel kx;
    private final Kernel ky;
    private final String twoR;
    private final String r;
    private final String axis1;
    private final String[] bounds = new String[3];

    ShiftGraph(Graph g, Names names, int height, int width, double rangePx) {
        this.g = g;
        this.names = names;
        String p = names.next("shift") + "_";
        kx = kernel(p + "kx", width);
        ky = kernel(p + "ky", height);
        twoR = g.initializer(Tensor.scalar(p + "two_r", (float) (2 * rangePx)));
        r = g.initializer(Tensor.scalar(p + "r", (float) rangePx));
        axis1 = g.initializer(Tensor.longs(p + "axis1", new long[] {1}, 1));
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = g.initializer(Tensor.longs(p + "at" + i, new long[] {i}, 1));
        }
    }

    /** (i - j) as an [n, n] float matrix, the frequencies 2 pi k / n as [1, K, 1, 1] and their weights alike. */
    private record Kernel(String offsets, String frequencies, String weights) {
    }

    private Kernel kernel(String name, int n) {
        float[] offsets = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                offsets[i * n + j] = i - j;
            }
        }
        int k = n / 2 + 1;
        float[] frequencies = new float[k];
        float[] weights = new float[k];
        for (int f = 0; f < k; f++) {
            frequencies[f] = (float) (2 * Math.PI * f / n);
            weights[f] = (f == 0 || f == n / 2 ? 1f : 2f) / n;
        }
        return new Kernel(g.initializer(Tensor.floats(name + "_offsets", offsets, n, n)),
                g.initializer(Tensor.floats(name + "_freq", frequencies, 1, k, 1, 1)),
                g.initializer(Tensor.floats(name + "_weights", weights, 1, k, 1, 1)));
    }

    /**
     * Frame {@code a} ([N, 1, H, W]) shifted by the displacement of the label planes' means {@code means}
     * ([N, 2, 1, 1], u then v).
     */
    String shifted(Graph body, String a, String means) {
        String d = node(body, "Sub", node(body, "Mul", means, twoR), r);
        String sx = kernelMatrix(body, kx, node(body, "Slice", d, bounds[0], bounds[1], axis1));
        String sy = kernelMatrix(body, ky, node(body, "Slice", d, bounds[1], bounds[2], axis1));
        String sxT = body.node("Transpose", names.next("transpose"), sx).attr("perm", 0L, 1L, 3L, 2L).output();
        return node(body, "MatMul", node(body, "MatMul", sy, a), sxT);
    }

    /** S[b, 0, i, j] = sum_k w_k cos(omega_k (i - j - d_b)) for d of shape [N, 1, 1, 1]. */
    private String kernelMatrix(Graph body, Kernel k, String d) {
        String phase = node(body, "Sub", k.offsets(), d);
        String waves = node(body, "Mul", node(body, "Cos", node(body, "Mul", phase, k.frequencies())), k.weights());
        return body.node("ReduceSum", names.next("reducesum"), waves, axis1).attr("keepdims", 1L).output();
    }

    private String node(Graph body, String type, String... inputs) {
        return body.node(type, names.next(type.toLowerCase(java.util.Locale.ROOT)), inputs).output();
    }
}
