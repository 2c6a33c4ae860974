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
 * The closed-form first layer of the physics-aware PIV flow, on a pair stacked as channels (frame A, frame B, then
 * the u and v label planes, flattened NCHW rows). With S = shift(A, d) (the band-limited {@link PeriodicShift}) and
 * d = r (2 mean(L) - 1) the displacement the label planes decode to:
 *
 * <pre>
 *   z_A = A,   z_B = S + e^a (B - S),   z_L = c_L + e^m (mean(L) - c_L) + e^b (L - mean(L))   for L = u, v
 * </pre>
 *
 * It expands what is left of frame B once frame A is moved by the sample's own label (PIV's B(x) = A(x - d)), each
 * label plane's dequantization noise about its mean, and scales each plane's mean about a learnt centre c_L (1/2 +
 * a learnt offset): the label's own marginal, standardized. A passes unchanged and each mean maps one to one, so the
 * inverse recovers the input means, hence d and S, from z itself: mean(L) = c_L + e^-m (mean(z_L) - c_L),
 * B = S + e^-a (z_B - S). The Jacobian is block-triangular (A and the labels first) with diagonal blocks e^a I and
 * e^b (I - 11^T/n) + e^m 11^T/n, so log|det| = a H W + 2 (b (H W - 1) + m). It is the exact flow of a linear ODE
 * over unit time, written in closed form: an ODE solver's fixed grid cannot sample it stably once the rates are
 * large (RK4 diverges past h b = 2.8). Parameters {@code <prefix>.rates} = {a, b, m} / GAIN and
 * {@code <prefix>.centre} = {c_u, c_v} - 1/2, zero at start (the identity).
 */
public final class PairExpansion implements FlowLayer {

    /**
     * Scale of the rates: Adam moves a parameter by about its learning rate per step, and the label noise needs
     * b = ln(256 sqrt 12) = 6.9 (cells of 1/256): a gain of 30 gets there in about 50 steps at lr 0.005, and 120 at
     * 0.002, instead of 1,400 and 3,500.
     */
    public static final double GAIN = 30;

    private final int height;
    private final int width;
    private final int plane;
    private final double rangePx;
    private final ParameterSlot slot;
    private final ParameterSlot centreSlot;
    private final PeriodicShift shift;
    private ParameterStore store;
    private double[] lastX;
    private int lastRows;

    public PairExpansion(int height, int width, double rangePx, ParameterStore.Builder params, String prefix) {
        if (!(rangePx > 0) || !Double.isFinite(rangePx)) {
            throw new IllegalArgumentException("the label range must be a positive number of px, got " + rangePx);
        }
        this.height = height;
        this.width = width;
        this.plane = height * width;
        this.rangePx = rangePx;
        this.shift = new PeriodicShift(height, width);
        this.slot = params.add(prefix + ".rates", ParameterInit.zeros(), 3);
        this.centreSlot = params.add(prefix + ".centre", ParameterInit.zeros(), 2);
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

    /** {a, b, m}: the log expansion of frame B's residual, of the label planes' noise and of their means. */
    public double[] rates() {
        requireBound();
        INDArray v = store.value(slot);
        return new double[] {GAIN * v.getDouble(0), GAIN * v.getDouble(1), GAIN * v.getDouble(2)};
    }

    /** {c_u, c_v}, the centres the plane means are scaled about. */
    public double[] centres() {
        requireBound();
        INDArray v = store.value(centreSlot);
        return new double[] {0.5 + v.getDouble(0), 0.5 + v.getDouble(1)};
    }

    private void requireBound() {
        if (store == null) {
            throw new IllegalStateException("bind(ParameterStore) must be called first");
        }
    }

    @Override
    public void bind(ParameterStore store) {
        this.store = store;
    }

    private int dim() {
        return 4 * plane;
    }

    @Override
    public INDArray encode(INDArray x, INDArray logdet, Pass pass) {
        double[] in = rows(x);
        int rows = (int) x.rows();
        double[] r = rates();
        double[] out = encodeRows(in, rows, r);
        logdet.addi(r[0] * plane + 2 * (r[1] * (plane - 1) + r[2]));
        if (pass == Pass.TRAIN) {
            lastX = in;
            lastRows = rows;
        }
        return FlatRows.of(out, rows, dim(), x.dataType());
    }

    @Override
    public INDArray decode(INDArray z) {
        int rows = (int) z.rows();
        double[] in = rows(z);
        double[] r = rates();
        double[] c = centres();
        double[] out = in.clone();
        double[] shifted = new double[plane];
        for (int row = 0; row < rows; row++) {
            int o = row * dim();
            // the input means from the output's: mean(L) = c + e^-m (mean(z_L) - c)
            double zu = mean(in, o + 2 * plane);
            double zv = mean(in, o + 3 * plane);
            double mu = c[0] + Math.exp(-r[2]) * (zu - c[0]);
            double mv = c[1] + Math.exp(-r[2]) * (zv - c[1]);
            shift.displacement(displacement(mu), displacement(mv));
            shift.forward(in, o, shifted, 0);
            for (int p = 0; p < plane; p++) {
                out[o + plane + p] = shifted[p] + Math.exp(-r[0]) * (in[o + plane + p] - shifted[p]);
                out[o + 2 * plane + p] = mu + Math.exp(-r[1]) * (in[o + 2 * plane + p] - zu);
                out[o + 3 * plane + p] = mv + Math.exp(-r[1]) * (in[o + 3 * plane + p] - zv);
            }
        }
        return FlatRows.of(out, rows, dim(), z.dataType());
    }

    /** z_B = S + e^a (B - S), z_L = c + e^m (mean - c) + e^b (L - mean). */
    private double[] encodeRows(double[] in, int rows, double[] r) {
        double[] c = centres();
        double[] out = in.clone();
        double[] shifted = new double[plane];
        for (int row = 0; row < rows; row++) {
            int o = row * dim();
            double mu = mean(in, o + 2 * plane);
            double mv = mean(in, o + 3 * plane);
            shift.displacement(displacement(mu), displacement(mv));
            shift.forward(in, o, shifted, 0);
            double zu = c[0] + Math.exp(r[2]) * (mu - c[0]);
            double zv = c[1] + Math.exp(r[2]) * (mv - c[1]);
            for (int p = 0; p < plane; p++) {
                out[o + plane + p] = shifted[p] + Math.exp(r[0]) * (in[o + plane + p] - shifted[p]);
                out[o + 2 * plane + p] = zu + Math.exp(r[1]) * (in[o + 2 * plane + p] - mu);
                out[o + 3 * plane + p] = zv + Math.exp(r[1]) * (in[o + 3 * plane + p] - mv);
            }
        }
        return out;
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
        double[] r = rates();
        double[] c = centres();
        double ea = Math.exp(r[0]);
        double eb = Math.exp(r[1]);
        double em = Math.exp(r[2]);
        double[] gx = g.clone(); // z_A = A: dL/dA starts as dL/dz_A
        double[] shifted = new double[plane];
        double[] gShifted = new double[plane];
        double gLogdet = gradLogdet.sumNumber().doubleValue();
        double gA = gLogdet * plane;
        double gB = gLogdet * 2 * (plane - 1);
        double gM = gLogdet * 2;
        double gCu = 0;
        double gCv = 0;
        double perPixel = 2 * rangePx / plane; // dd/d(pixel of its plane)
        for (int row = 0; row < rows; row++) {
            int o = row * dim();
            double mu = mean(x, o + 2 * plane);
            double mv = mean(x, o + 3 * plane);
            shift.displacement(displacement(mu), displacement(mv));
            shift.forward(x, o, shifted, 0);
            double sumU = 0;
            double sumV = 0;
            for (int p = 0; p < plane; p++) {
                double gz = g[o + plane + p];
                // z_B = e^a B + (1 - e^a) S
                gx[o + plane + p] = ea * gz;
                gShifted[p] = (1 - ea) * gz;
                gA += gz * ea * (x[o + plane + p] - shifted[p]);
                double gu = g[o + 2 * plane + p];
                double gv = g[o + 3 * plane + p];
                gB += eb * (gu * (x[o + 2 * plane + p] - mu) + gv * (x[o + 3 * plane + p] - mv));
                sumU += gu;
                sumV += gv;
            }
            double[] gd = shift.backward(x, o, gShifted, 0, gx, o);
            // z_L = e^b L + (e^m - e^b) mean(L) + (1 - e^m) c; d enters through the means
            gM += em * (sumU * (mu - c[0]) + sumV * (mv - c[1]));
            gCu += (1 - em) * sumU;
            gCv += (1 - em) * sumV;
            double meanU = (em - eb) * sumU / plane + gd[0] * perPixel;
            double meanV = (em - eb) * sumV / plane + gd[1] * perPixel;
            for (int p = 0; p < plane; p++) {
                gx[o + 2 * plane + p] = eb * g[o + 2 * plane + p] + meanU;
                gx[o + 3 * plane + p] = eb * g[o + 3 * plane + p] + meanV;
            }
        }
        INDArray grad = store.gradient(slot);
        grad.putScalar(0, grad.getDouble(0) + GAIN * gA);
        grad.putScalar(1, grad.getDouble(1) + GAIN * gB);
        grad.putScalar(2, grad.getDouble(2) + GAIN * gM);
        INDArray gradCentre = store.gradient(centreSlot);
        gradCentre.putScalar(0, gradCentre.getDouble(0) + gCu);
        gradCentre.putScalar(1, gradCentre.getDouble(1) + gCv);
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
    public <R> R accept(FlowVisitor<R> visitor) {
        return visitor.pairExpansion(this);
    }
}
