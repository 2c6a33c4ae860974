package dev.hetflow.ffjord.image;

import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.cnf.FlowVisitor;
import dev.hetflow.ffjord.cnf.Pass;
import dev.hetflow.ffjord.dynamics.PeriodicShift;
import dev.hetflow.ffjord.params.ParameterInit;
import dev.hetflow.ffjord.params.ParameterSlot;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The closed-form first layer of the physics-aware PIV flow with its labels first, on a pair stacked as channels
 * (frame A, frame B, then the u and v label planes, flattened NCHW rows). The label planes, each a displacement
 * component on the images' 256-level grid with per-pixel dequantization noise, go to the base density in closed form
 * ({@link CellLabels}, 256 cells: a learnt histogram of each component, so a sampled label is one the data can
 * hold); frame B is expanded about frame A shifted by the sample's own label, as in {@link PairExpansion}:
 *
 * <pre>
 *   z_A = A,   z_B = S + e^a (B - S),   S = shift(A, d),   d = r (2 mean(L) - 1)
 * </pre>
 *
 * The Jacobian is block-triangular (A and the labels first), so log|det| = a H W plus the label planes' share. The
 * CNF blocks after this layer move the frames only ({@link dev.hetflow.ffjord.dynamics.ImageChannelDynamics}): the
 * model is p(u) p(v) p(A, B | u, v), with the labels exact from here on. Parameters {@code <prefix>.rate} ({a} /
 * {@link PairExpansion#GAIN}) and the planes' {@code <prefix>.prior}, zero at start.
 */
public final class PairCellExpansion implements FlowLayer, LabelsFirst {

    /** The label planes' cells: the images' 8-bit grid, as LabelNoise.PLANES dequantizes a continuous label. */
    public static final int CELLS = 256;

    private final int height;
    private final int width;
    private final int plane;
    private final double rangePx;
    private final ParameterSlot slot;
    private final CellLabels labels;
    private final PeriodicShift shift;
    private ParameterStore store;
    private double[] lastX;
    private int lastRows;

    public PairCellExpansion(int height, int width, double rangePx, ParameterStore.Builder params, String prefix) {
        if (!(rangePx > 0) || !Double.isFinite(rangePx)) {
            throw new IllegalArgumentException("the label range must be a positive number of px, got " + rangePx);
        }
        this.height = height;
        this.width = width;
        this.plane = height * width;
        this.rangePx = rangePx;
        this.shift = new PeriodicShift(height, width);
        this.slot = params.add(prefix + ".rate", ParameterInit.zeros(), 1);
        this.labels = new CellLabels(2, plane, CELLS, params, prefix);
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public double rangePx() {
        return rangePx;
    }

    /** The u and v planes' closed form. */
    public CellLabels labels() {
        return labels;
    }

    /** a: the log expansion of frame B's residual. */
    public double rate() {
        if (store == null) {
            throw new IllegalStateException("bind(ParameterStore) must be called first");
        }
        return PairExpansion.GAIN * store.value(slot).getDouble(0);
    }

    @Override
    public void bind(ParameterStore store) {
        this.store = store;
        labels.bind(store);
    }

    private int dim() {
        return 4 * plane;
    }

    @Override
    public INDArray encode(INDArray x, INDArray logdet, Pass pass) {
        double[] in = rows(x);
        int rows = (int) x.rows();
        double a = rate();
        double ea = Math.exp(a);
        CellLabels.Frozen cells = labels.frozen();
        double[] out = new double[in.length];
        double[] shifted = new double[plane];
        int[] cell = new int[2];
        for (int row = 0; row < rows; row++) {
            int o = row * dim();
            double ld = cells.encode(in, o + 2 * plane, out, cell) + a * plane;
            shiftBy(in, o, in, shifted);
            for (int p = 0; p < plane; p++) {
                out[o + p] = in[o + p];
                out[o + plane + p] = shifted[p] + ea * (in[o + plane + p] - shifted[p]);
            }
            logdet.putScalar(row, 0, logdet.getDouble(row, 0) + ld);
        }
        if (pass == Pass.TRAIN) {
            lastX = in;
            lastRows = rows;
        }
        return FlatRows.of(out, rows, dim(), x.dataType());
    }

    @Override
    public INDArray decode(INDArray z) {
        double[] in = rows(z);
        int rows = (int) z.rows();
        double ea = Math.exp(-rate());
        CellLabels.Frozen cells = labels.frozen();
        double[] out = new double[in.length];
        double[] shifted = new double[plane];
        int[] cell = new int[2];
        for (int row = 0; row < rows; row++) {
            int o = row * dim();
            // labels first, then frame A (unchanged) shifted by them
            cells.decode(in, o + 2 * plane, out, cell);
            shiftBy(in, o, out, shifted);
            for (int p = 0; p < plane; p++) {
                out[o + p] = in[o + p];
                out[o + plane + p] = shifted[p] + ea * (in[o + plane + p] - shifted[p]);
            }
        }
        return FlatRows.of(out, rows, dim(), z.dataType());
    }

    /** S = shift(A, d) of the row at {@code o}: A from {@code frames}, d from the label planes of {@code labelRows}. */
    private void shiftBy(double[] frames, int o, double[] labelRows, double[] shifted) {
        shift.displacement(displacement(mean(labelRows, o + 2 * plane)), displacement(mean(labelRows, o + 3 * plane)));
        shift.forward(frames, o, shifted, 0);
    }

    @Override
    public INDArray backward(INDArray gradZ, INDArray gradLogdet) {
        if (lastX == null) {
            throw new IllegalStateException("backward needs a preceding TRAIN encode");
        }
        double[] x = lastX;
        int rows = lastRows;
        lastX = null;
        double[] g = rows(gradZ);
        double ea = Math.exp(rate());
        CellLabels.Frozen cells = labels.frozen();
        double[] gx = new double[x.length];
        double[] shifted = new double[plane];
        double[] gShifted = new double[plane];
        double[][] gPi = new double[2][CELLS];
        double gA = 0;
        double perPixel = 2 * rangePx / plane; // dd/d(pixel of its plane)
        for (int row = 0; row < rows; row++) {
            int o = row * dim();
            double gld = gradLogdet.getDouble(row, 0);
            gA += gld * plane;
            cells.backward(x, o + 2 * plane, g, gld, gx, gPi);
            shiftBy(x, o, x, shifted);
            for (int p = 0; p < plane; p++) {
                double gz = g[o + plane + p];
                gx[o + p] = g[o + p]; // z_A = A
                // z_B = e^a B + (1 - e^a) S
                gx[o + plane + p] = ea * gz;
                gShifted[p] = (1 - ea) * gz;
                gA += gz * ea * (x[o + plane + p] - shifted[p]);
            }
            double[] gd = shift.backward(x, o, gShifted, 0, gx, o);
            // d enters through each plane's mean: 1/n on every pixel
            for (int p = 0; p < plane; p++) {
                gx[o + 2 * plane + p] += gd[0] * perPixel;
                gx[o + 3 * plane + p] += gd[1] * perPixel;
            }
        }
        INDArray grad = store.gradient(slot);
        grad.putScalar(0, grad.getDouble(0) + PairExpansion.GAIN * gA);
        labels.addPriorGradient(gPi);
        return FlatRows.of(gx, rows, dim(), gradZ.dataType());
    }


    private double[] rows(INDArray a) {
        return FlatRows.read(a, dim(), "PIV pairs (A, B, u, v)");
    }

    private double displacement(double planeMean) {
        return rangePx * (2 * planeMean - 1);
    }

    private double mean(double[] z, int offset) {
        return FlatRows.mean(z, offset, plane);
    }

    @Override
    public double[] labelLogDensity(INDArray x) {
        return labels.logDensity(rows(x), dim(), 2 * plane);
    }

    @Override
    public int labelDims() {
        return labels.planes() * plane;
    }

    @Override
    public <R> R accept(FlowVisitor<R> visitor) {
        return visitor.pairCellExpansion(this);
    }
}
