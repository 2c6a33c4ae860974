package dev.hetflow.optim;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * One pass of Adam over flat buffers: reads g, m, v and theta once, writes m, v and theta once, no temporaries
 * beyond a few KiB of scratch. Each chunk is copied into heap arrays (bulk copies, cheap in L1) so that the loop
 * runs over plain arrays, which C2 vectorizes; direct-buffer accessors in a loop it does not.
 *
 * <p>Per element (Kingma and Ba 2015, Algorithm 1 with the bias corrections folded as in its section 2):
 * m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2; theta <- theta - alpha_t m / (sqrt(v) + eps_t). The caller passes
 * alpha_t = lr sqrt(1 - b2^t) / (1 - b1^t) and eps_t = eps sqrt(1 - b2^t). Float buffers are computed in float, as
 * libnd4j's fused updater does; double buffers in double.
 *
 * <p>Not thread-safe: the scratch belongs to one optimizer.
 */
final class AdamKernel {

    /** Values per chunk: the four scratch arrays take 32 KiB as floats, 64 KiB as doubles (L1/L2 sized). */
    static final int CHUNK = 2048;

    private final float[] gf = new float[CHUNK];
    private final float[] mf = new float[CHUNK];
    private final float[] vf = new float[CHUNK];
    private final float[] tf = new float[CHUNK];
    private double[] gd;
    private double[] md;
    private double[] vd;
    private double[] td;

    void step(FloatBuffer theta, FloatBuffer g, FloatBuffer m, FloatBuffer v, int n, double beta1, double beta2,
            double alphaT, double epsT) {
        float b1 = (float) beta1;
        float c1 = (float) (1 - beta1);
        float b2 = (float) beta2;
        float c2 = (float) (1 - beta2);
        float alpha = (float) alphaT;
        float eps = (float) epsT;
        for (int start = 0; start < n; start += CHUNK) {
            int k = Math.min(CHUNK, n - start);
            g.get(start, gf, 0, k);
            m.get(start, mf, 0, k);
            v.get(start, vf, 0, k);
            theta.get(start, tf, 0, k);
            chunk(k, b1, c1, b2, c2, alpha, eps);
            m.put(start, mf, 0, k);
            v.put(start, vf, 0, k);
            theta.put(start, tf, 0, k);
        }
    }

    private void chunk(int k, float b1, float c1, float b2, float c2, float alpha, float eps) {
        float[] g = gf;
        float[] m = mf;
        float[] v = vf;
        float[] t = tf;
        for (int i = 0; i < k; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            t[i] -= alpha * mi / ((float) Math.sqrt(vi) + eps);
        }
    }

    void step(DoubleBuffer theta, DoubleBuffer g, DoubleBuffer m, DoubleBuffer v, int n, double beta1, double beta2,
            double alphaT, double epsT) {
        if (gd == null) {
            gd = new double[CHUNK];
            md = new double[CHUNK];
            vd = new double[CHUNK];
            td = new double[CHUNK];
        }
        double c1 = 1 - beta1;
        double c2 = 1 - beta2;
        for (int start = 0; start < n; start += CHUNK) {
            int k = Math.min(CHUNK, n - start);
            g.get(start, gd, 0, k);
            m.get(start, md, 0, k);
            v.get(start, vd, 0, k);
            theta.get(start, td, 0, k);
            chunk(k, beta1, c1, beta2, c2, alphaT, epsT);
            m.put(start, md, 0, k);
            v.put(start, vd, 0, k);
            theta.put(start, td, 0, k);
        }
    }

    private void chunk(int k, double b1, double c1, double b2, double c2, double alpha, double eps) {
        double[] g = gd;
        double[] m = md;
        double[] v = vd;
        double[] t = td;
        for (int i = 0; i < k; i++) {
            double gi = g[i];
            double mi = b1 * m[i] + c1 * gi;
            double vi = b2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            t[i] -= alpha * mi / (Math.sqrt(vi) + eps);
        }
    }
}
