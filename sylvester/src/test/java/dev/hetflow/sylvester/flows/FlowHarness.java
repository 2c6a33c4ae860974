package dev.hetflow.sylvester.flows;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** Evaluates one flow layer in double precision on given points and parameter blocks, plus brute-force Jacobians. */
final class FlowHarness {

    private final Flow flow;
    private final int dim;
    private final SameDiff sd = SameDiff.create();
    private final String zOut;
    private final String logDetOut;

    FlowHarness(Flow flow, int dim) {
        this.flow = flow;
        this.dim = dim;
        SDVariable z = sd.placeHolder("z", DataType.DOUBLE, -1, dim);
        int[] sizes = flow.parameterBlocks();
        SDVariable[] blocks = new SDVariable[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            blocks[i] = sd.placeHolder("block" + i, DataType.DOUBLE, -1, sizes[i]);
        }
        FlowStep step = flow.apply(sd, z, blocks);
        zOut = step.z().name();
        logDetOut = step.logDet().name();
    }

    /** Random parameter blocks for one data point, N(0, scale^2). */
    double[][] randomBlocks(Random random, double scale) {
        int[] sizes = flow.parameterBlocks();
        double[][] blocks = new double[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            blocks[i] = new double[sizes[i]];
            for (int j = 0; j < sizes[i]; j++) {
                blocks[i][j] = scale * random.nextGaussian();
            }
        }
        return blocks;
    }

    /** f(z) for rows of z, all with the same parameter blocks: returns {z' rows..., [logDet per row]}. */
    double[][][] evaluate(double[][] z, double[][] blocks) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put("z", Nd4j.createFromArray(z));
        for (int i = 0; i < blocks.length; i++) {
            double[][] repeated = new double[z.length][];
            for (int r = 0; r < z.length; r++) {
                repeated[r] = blocks[i];
            }
            feed.put("block" + i, Nd4j.createFromArray(repeated));
        }
        Map<String, INDArray> out = sd.output(feed, zOut, logDetOut);
        return new double[][][] {out.get(zOut).toDoubleMatrix(), {out.get(logDetOut).toDoubleVector()}};
    }

    double[] apply(double[] z, double[][] blocks) {
        return evaluate(new double[][] {z}, blocks)[0][0];
    }

    double logDet(double[] z, double[][] blocks) {
        return evaluate(new double[][] {z}, blocks)[1][0][0];
    }

    /** Jacobian J_ij = d f_i / d z_j by central differences with step h, all 2D points in one graph run. */
    double[][] jacobian(double[] z, double[][] blocks, double h) {
        double[][] points = new double[2 * dim][];
        for (int j = 0; j < dim; j++) {
            points[2 * j] = z.clone();
            points[2 * j][j] += h;
            points[2 * j + 1] = z.clone();
            points[2 * j + 1][j] -= h;
        }
        double[][] f = evaluate(points, blocks)[0];
        double[][] jac = new double[dim][dim];
        for (int j = 0; j < dim; j++) {
            for (int i = 0; i < dim; i++) {
                jac[i][j] = (f[2 * j][i] - f[2 * j + 1][i]) / (2 * h);
            }
        }
        return jac;
    }

    /** Determinant by Gaussian elimination with partial pivoting. */
    static double determinant(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = matrix[i].clone();
        }
        double det = 1;
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            if (pivot != c) {
                double[] t = a[pivot];
                a[pivot] = a[c];
                a[c] = t;
                det = -det;
            }
            det *= a[c][c];
            if (a[c][c] == 0) {
                return 0;
            }
            for (int r = c + 1; r < n; r++) {
                double factor = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) {
                    a[r][k] -= factor * a[c][k];
                }
            }
        }
        return det;
    }

    /** Solves A x = b by Gaussian elimination with partial pivoting. */
    static double[] solve(double[][] matrix, double[] rhs) {
        int n = rhs.length;
        double[][] a = new double[n][];
        double[] b = rhs.clone();
        for (int i = 0; i < n; i++) {
            a[i] = matrix[i].clone();
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = a[pivot];
            a[pivot] = a[c];
            a[c] = t;
            double tb = b[pivot];
            b[pivot] = b[c];
            b[c] = tb;
            for (int r = c + 1; r < n; r++) {
                double factor = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) {
                    a[r][k] -= factor * a[c][k];
                }
                b[r] -= factor * b[c];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < n; k++) {
                s -= a[i][k] * x[k];
            }
            x[i] = s / a[i][i];
        }
        return x;
    }
}
