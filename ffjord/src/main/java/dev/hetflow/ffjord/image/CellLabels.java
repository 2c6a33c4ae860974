package dev.hetflow.ffjord.image;

import dev.hetflow.ffjord.dynamics.LabelCode;
import dev.hetflow.ffjord.params.ParameterInit;
import dev.hetflow.ffjord.params.ParameterSlot;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Label planes in closed form, for layers that put the labels first (p(labels) p(image | labels)). Each plane holds
 * one label dequantized on K cells, (c + u_p)/K on every pixel p with u_p uniform in [0, 1): a class (K classes) or
 * a continuous value on the images' 256-level grid. Pixel 0 names the cell, c = floor(K L_0), and
 *
 * <pre>
 *   z_0 = kappa logit(F(L_0)),   F(L_0) = C_c + pi_c (K L_0 - c),   C_c = pi_0 + ... + pi_(c-1)
 *   z_p = kappa logit(K L_p - c)                                        (p = 1 .. HW-1)
 * </pre>
 *
 * F is the CDF of a learnt histogram pi = softmax(theta) over the cells, spread evenly in each, so F(L_0) is uniform
 * on (0, 1) when pi is the label's distribution; so is every other pixel's position in its cell. kappa logit(u),
 * kappa = sqrt(3)/pi, maps a uniform u to the logistic of unit variance, 0.014 nats per dimension from the standard
 * normal base density. log|det| = log(K pi_c) + (HW - 1) log K + sum_p log(kappa / (u_p (1 - u_p))) per plane.
 * Sampling inverts it: the cell is where F^-1(sigmoid(z_0 / kappa)) falls, and every pixel of the plane lands in it,
 * so a sampled label is always one the data can hold. Parameters {@code <prefix>.prior} ([planes, K], the logits /
 * GAIN_PRIOR), zero at start (uniform).
 */
public final class CellLabels {

    /** sqrt(3)/pi: the logistic of unit variance. */
    public static final double KAPPA = Math.sqrt(3) / Math.PI;
    /** Cell positions are kept this far inside (0, 1): float32 rounding of (c + u)/K may touch a cell's edge. */
    public static final double EDGE = 1e-6;
    /**
     * Scale of the histogram's logits: Adam moves a parameter by about its learning rate per step, and a cell the
     * data never visit needs a logit some 5 below the others: GAIN_PRIOR x lr per step gets there in about 80 steps
     * at lr 0.002 (without it, 2,500: a short run would sample labels over the whole range).
     */
    public static final double GAIN_PRIOR = 30;

    private final int planes;
    private final int plane;
    private final int cells;
    private final ParameterSlot priorSlot;
    private ParameterStore store;

    /**
     * @param planes label planes, laid out one after another
     * @param plane  pixels per plane (H W, at least 2)
     * @param cells  K, the cells a label is dequantized on (classes, or 256)
     */
    public CellLabels(int planes, int plane, int cells, ParameterStore.Builder params, String prefix) {
        if (planes < 1 || plane < 2) {
            throw new IllegalArgumentException("need at least one label plane of two pixels, got " + planes
                    + " of " + plane);
        }
        if (cells < 2) {
            throw new IllegalArgumentException("a label plane needs at least 2 cells, got " + cells);
        }
        this.planes = planes;
        this.plane = plane;
        this.cells = cells;
        this.priorSlot = params.add(prefix + ".prior", ParameterInit.zeros(), planes, cells);
    }

    public int planes() {
        return planes;
    }

    public int cells() {
        return cells;
    }

    void bind(ParameterStore store) {
        this.store = store;
    }

    /** pi = softmax(theta) of plane {@code l}: the label histogram learnt so far. */
    public double[] prior(int l) {
        if (store == null) {
            throw new IllegalStateException("bind(ParameterStore) must be called first");
        }
        INDArray theta = store.value(priorSlot);
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < cells; k++) {
            max = Math.max(max, GAIN_PRIOR * theta.getDouble(l, k));
        }
        double[] pi = new double[cells];
        double sum = 0;
        for (int k = 0; k < cells; k++) {
            pi[k] = Math.exp(GAIN_PRIOR * theta.getDouble(l, k) - max);
            sum += pi[k];
        }
        for (int k = 0; k < cells; k++) {
            pi[k] /= sum;
        }
        return pi;
    }

    /** C_c = pi_0 + ... + pi_(c-1), with C_0 = 0 (K entries). */
    public static double[] cumulative(double[] pi) {
        double[] c = new double[pi.length];
        for (int k = 1; k < pi.length; k++) {
            c[k] = c[k - 1] + pi[k - 1];
        }
        return c;
    }

    /** The priors as they are now, for one batch's rows. */
    Frozen frozen() {
        double[][] pi = new double[planes][];
        double[][] c = new double[planes][];
        for (int l = 0; l < planes; l++) {
            pi[l] = prior(l);
            c[l] = cumulative(pi[l]);
        }
        return new Frozen(pi, c);
    }

    /** Adds dL/dtheta for dL/dpi ({@code [planes][K]}, summed over rows) into the store's gradient. */
    void addPriorGradient(double[][] gradPi) {
        INDArray grad = store.gradient(priorSlot);
        for (int l = 0; l < planes; l++) {
            double[] pi = prior(l);
            double dot = 0;
            for (int k = 0; k < cells; k++) {
                dot += pi[k] * gradPi[l][k];
            }
            // softmax of GAIN_PRIOR theta: dL/dtheta_k = GAIN_PRIOR pi_k (dL/dpi_k - sum_j pi_j dL/dpi_j)
            for (int k = 0; k < cells; k++) {
                grad.putScalar(new long[] {l, k}, grad.getDouble(l, k) + GAIN_PRIOR * pi[k] * (gradPi[l][k] - dot));
            }
        }
    }

    /**
     * log p of the label planes of each row: the standard normal density of their z plus their log|det|.
     *
     * @param rows     flattened data rows
     * @param rowDim   values per row
     * @param labelsAt offset of the first label plane within a row
     */
    double[] logDensity(double[] rows, int rowDim, int labelsAt) {
        Frozen f = frozen();
        int n = rows.length / rowDim;
        double[] out = new double[n];
        double[] z = new double[rows.length];
        int[] cell = new int[planes];
        double logNorm = 0.5 * Math.log(2 * Math.PI);
        for (int r = 0; r < n; r++) {
            int at = r * rowDim + labelsAt;
            double lp = f.encode(rows, at, z, cell);
            for (int i = 0; i < planes * plane; i++) {
                lp -= 0.5 * z[at + i] * z[at + i] + logNorm;
            }
            out[r] = lp;
        }
        return out;
    }

    /** The cell pixel 0 of a plane names: floor(K L_0), clamped to [0, K). */
    int cellOf(double pixel0) {
        int k = (int) Math.floor(cells * pixel0);
        return Math.max(0, Math.min(cells - 1, k));
    }

    /** The cell F^-1(u0) falls in: how many cumulative masses C_1 .. C_(K-1) u0 has passed. */
    private static int cellAt(double u0, double[] cumulative) {
        int k = 0;
        while (k + 1 < cumulative.length && u0 >= cumulative[k + 1]) {
            k++;
        }
        return k;
    }

    private static double inside(double u) {
        return Math.max(EDGE, Math.min(1 - EDGE, u));
    }

    private static double logit(double u) {
        return Math.log(u) - Math.log1p(-u);
    }

    private static double sigmoid(double y) {
        return 1 / (1 + Math.exp(-y));
    }

    /**
     * The label planes' code for a net that conditions on them ({@link LabelCode}): each plane's cell c, read from
     * its latent pixel 0 as sampling reads it, as the constant plane 2 (c + 1/2)/K - 1 (the class, or the
     * normalized label value, in (-1, 1)).
     */
    public Code code() {
        return new Code();
    }

    /** See {@link #code()}. */
    public final class Code implements LabelCode {
        private double[][] thresholds;

        /** The label planes this code reads. */
        public CellLabels labels() {
            return CellLabels.this;
        }

        /** The value a plane in cell c is coded as. */
        public double value(int cell) {
            return 2 * (cell + 0.5) / cells - 1;
        }

        @Override
        public void prepare() {
            thresholds = new double[planes][];
            for (int l = 0; l < planes; l++) {
                thresholds[l] = cumulative(prior(l));
            }
        }

        @Override
        public void code(double[] z, int at, double[] out, int outAt) {
            for (int l = 0; l < planes; l++) {
                int k = cellAt(sigmoid(z[at + l * plane] / KAPPA), thresholds[l]);
                java.util.Arrays.fill(out, outAt + l * plane, outAt + (l + 1) * plane, value(k));
            }
        }
    }

    /**
     * The same code read from the data side, for a net that runs before this layer's encode (on the image pixels):
     * each plane's cell c = floor(K L_0) of its dequantized pixel 0, as the encode names it, as the constant plane
     * 2 (c + 1/2)/K - 1.
     */
    public DataCode dataCode() {
        return new DataCode();
    }

    /** See {@link #dataCode()}. */
    public final class DataCode implements LabelCode {

        /** The label planes this code reads. */
        public CellLabels labels() {
            return CellLabels.this;
        }

        @Override
        public void prepare() {
            // nothing learnt: the data names the cell
        }

        @Override
        public void code(double[] z, int at, double[] out, int outAt) {
            for (int l = 0; l < planes; l++) {
                double v = 2 * (cellOf(z[at + l * plane]) + 0.5) / cells - 1;
                java.util.Arrays.fill(out, outAt + l * plane, outAt + (l + 1) * plane, v);
            }
        }
    }

    /** The priors of one batch, and the row maps that use them. */
    final class Frozen {
        private final double[][] pi;
        private final double[][] c;

        private Frozen(double[][] pi, double[][] c) {
            this.pi = pi;
            this.c = c;
        }

        /**
         * Encodes the label planes of one row, {@code in[at ..]} to {@code out[at ..]}; stores each plane's cell in
         * {@code cell} and returns the planes' log|det|.
         */
        double encode(double[] in, int at, double[] out, int[] cell) {
            double logKappa = Math.log(KAPPA);
            double logK = Math.log(cells);
            double ld = 0;
            for (int l = 0; l < planes; l++) {
                int o = at + l * plane;
                int k = cellOf(in[o]);
                cell[l] = k;
                double u0 = inside(c[l][k] + pi[l][k] * (cells * in[o] - k));
                out[o] = KAPPA * logit(u0);
                ld += Math.log(cells * pi[l][k]) + logKappa - Math.log(u0) - Math.log1p(-u0);
                for (int p = 1; p < plane; p++) {
                    double u = inside(cells * in[o + p] - k);
                    out[o + p] = KAPPA * logit(u);
                    ld += logK + logKappa - Math.log(u) - Math.log1p(-u);
                }
            }
            return ld;
        }

        /** Decodes the label planes of one row, {@code in[at ..]} to {@code out[at ..]}, each plane's cell in cell. */
        void decode(double[] in, int at, double[] out, int[] cell) {
            for (int l = 0; l < planes; l++) {
                int o = at + l * plane;
                double u0 = sigmoid(in[o] / KAPPA);
                int k = cellAt(u0, c[l]);
                cell[l] = k;
                // F^-1: the position in cell k
                double w0 = Math.max(0, Math.min(1 - EDGE, (u0 - c[l][k]) / pi[l][k]));
                out[o] = (k + w0) / cells;
                for (int p = 1; p < plane; p++) {
                    out[o + p] = (k + sigmoid(in[o + p] / KAPPA)) / cells;
                }
            }
        }

        /**
         * Reverse pass of {@link #encode} for one row: writes dL/dL_p into {@code gx[at ..]} from dL/dz
         * ({@code g[at ..]}) and dL/dlogdet ({@code gld}), and adds dL/dpi into {@code gradPi}.
         */
        void backward(double[] x, int at, double[] g, double gld, double[] gx, double[][] gradPi) {
            for (int l = 0; l < planes; l++) {
                int o = at + l * plane;
                int k = cellOf(x[o]);
                double w0 = cells * x[o] - k;
                double u0 = inside(c[l][k] + pi[l][k] * w0);
                // d/du of kappa logit(u) and of -log u - log(1 - u)
                double gu0 = (g[o] * KAPPA + gld * (2 * u0 - 1)) / (u0 * (1 - u0));
                gx[o] = gu0 * cells * pi[l][k];
                for (int i = 0; i < k; i++) {
                    gradPi[l][i] += gu0;
                }
                gradPi[l][k] += gu0 * w0 + gld / pi[l][k];
                for (int p = 1; p < plane; p++) {
                    double u = inside(cells * x[o + p] - k);
                    gx[o + p] = cells * (g[o + p] * KAPPA + gld * (2 * u - 1)) / (u * (1 - u));
                }
            }
        }
    }
}
