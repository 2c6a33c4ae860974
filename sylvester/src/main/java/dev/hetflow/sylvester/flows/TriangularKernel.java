package dev.hetflow.sylvester.flows;

import dev.hetflow.sylvester.kernel.Values;

/**
 * {@link TriangularSylvesterFlow} by hand: Q is the identity or the reversal permutation P (its own inverse and
 * transpose), so y = P z, the Sylvester core on y ({@link SylvesterCoreKernel}), z' = z + P R h (sec. 4.3 of van
 * den Berg et al. 2018); backward: dL/d(R h) = P dL/dz', dL/dz = dL/dz' + P dL/dy.
 */
public final class TriangularKernel implements FlowKernel {

    private final int d;
    private final boolean reversed;
    private final SylvesterCoreKernel core;
    private int batch;
    private double[] ys;
    private double[] hs;
    private final double[] rh;
    private final double[] g;
    private final double[] gy;

    public TriangularKernel(int dim, boolean reversed) {
        if (dim < 1) {
            throw new IllegalArgumentException("latent dimension must be >= 1, got " + dim);
        }
        this.d = dim;
        this.reversed = reversed;
        this.core = new SylvesterCoreKernel(dim);
        this.rh = new double[dim];
        this.g = new double[dim];
        this.gy = new double[dim];
    }

    @Override
    public void bind(int batchSize) {
        if (batchSize == batch) {
            return;
        }
        batch = batchSize;
        ys = new double[batchSize * d];
        hs = new double[batchSize * d];
    }

    @Override
    public void forward(double[] z, Values[] blocks, double[] zNext, double[] logDet) {
        for (int b = 0; b < batch; b++) {
            permute(z, b * d, ys, b * d);
            logDet[b] += core.forward(b, blocks, ys, b * d, hs, b * d, rh, 0);
            for (int i = 0; i < d; i++) {
                zNext[b * d + i] = z[b * d + i] + rh[reversed ? d - 1 - i : i];
            }
        }
    }

    @Override
    public void backward(double[] gzNext, double gLogDet, Values[] blocks, double[] gz, Values[] gBlocks) {
        for (int b = 0; b < batch; b++) {
            permute(gzNext, b * d, g, 0);
            core.backward(b, blocks, ys, b * d, hs, b * d, g, gLogDet, gy, gBlocks);
            for (int i = 0; i < d; i++) {
                gz[b * d + i] = gzNext[b * d + i] + gy[reversed ? d - 1 - i : i];
            }
        }
    }

    /** out = P x for one example. */
    private void permute(double[] x, int xAt, double[] out, int outAt) {
        for (int i = 0; i < d; i++) {
            out[outAt + i] = x[xAt + (reversed ? d - 1 - i : i)];
        }
    }
}
