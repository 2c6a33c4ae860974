package dev.hetflow.ffjord.image;

import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.cnf.FlowVisitor;
import dev.hetflow.ffjord.cnf.Pass;
import dev.hetflow.ffjord.dynamics.PeriodicShift;
import dev.hetflow.ffjord.params.ParameterInit;
import dev.hetflow.ffjord.params.ParameterSlot;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The closed-form first layer of the physics-aware PIV flow, on a pair stacked as channels (frame A, frame B, then
 * the u and v label planes, flattened NCHW rows). With S = shift(A, d) (the band-limited {@link PeriodicShift}) and
 * d = r (2 mean(L) - 1) the displacement the label planes decode to:
 *
 * <pre>
 *   z_A = A,   z_B = S + e^a (B - S),   z_L = mean(L) + e^b (L - mean(L))   for L = u, v
 * </pre>
 *
 * It expands what is left of frame B once frame A is moved by the sample's own label (PIV's B(x) = A(x - d)) and each
 * label plane's dequantization noise about its mean. A and the plane means pass unchanged, so the inverse recovers S
 * from z itself: B = S + e^-a (z_B - S), L = mean + e^-b (z_L - mean). The Jacobian is block-triangular (A and the
 * means first) with diagonal blocks e^a I and e^b (I - 11^T/n) + 11^T/n, so log|det| = a H W + b 2 (H W - 1). It is
 * the exact flow of the linear ODE dz_B/dt = a (z_B - S), dz_L/dt = b (z_L - mean) over unit time, written in closed
 * form: an ODE solver's fixed grid cannot sample it stably once the rates are large (RK4 diverges past h b = 2.8).
 * Parameters {@code <prefix>.rates} = {a, b} / GAIN, zero at start (the identity).
 */
public final class PairExpansion implements FlowLayer {

    /** Scale of the rates, as in {@link dev.hetflow.ffjord.dynamics.PivPairDynamics#GAIN}. */
    public static final double GAIN = dev.hetflow.ffjord.dynamics.PivPairDynamics.GAIN;

    private final int height;
    private final int width;
    private final int plane;
    private final double rangePx;
    private final ParameterSlot slot;
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
        this.slot = params.add(prefix + ".rates", ParameterInit.zeros(), 2);
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

    /** {a, b}: the log expansion of frame B's residual and of the label planes' noise. */
    public double[] rates() {
        if (store == null) {
            throw new IllegalStateException("bind(ParameterStore) must be called first");
        }
        INDArray v = store.value(slot);
        return new double[] {GAIN * v.getDouble(0), GAIN * v.getDouble(1)};
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
        double[] out = map(in, rows, Math.exp(r[0]), Math.exp(r[1]));
        logdet.addi(r[0] * plane + r[1] * 2 * (plane - 1));
        if (pass == Pass.TRAIN) {
            lastX = in;
            lastRows = rows;
        }
        return Nd4j.create(out, new long[] {rows, dim()}, 'c').castTo(x.dataType());
    }

    @Override
    public INDArray decode(INDArray z) {
        int rows = (int) z.rows();
        double[] r = rates();
        return Nd4j.create(map(rows(z), rows, Math.exp(-r[0]), Math.exp(-r[1])), new long[] {rows, dim()}, 'c')
                .castTo(z.dataType());
    }

    /** S + eb (B - S) and mean + el (L - mean): encode with e^a, e^b, decode with e^-a, e^-b. */
    private double[] map(double[] in, int rows, double eb, double el) {
        double[] out = in.clone();
        double[] shifted = new double[plane];
        for (int row = 0; row < rows; row++) {
            int o = row * dim();
            double mu = mean(in, o + 2 * plane);
            double mv = mean(in, o + 3 * plane);
            shift.displacement(displacement(mu), displacement(mv));
            shift.forward(in, o, shifted, 0);
            for (int p = 0; p < plane; p++) {
                out[o + plane + p] = shifted[p] + eb * (in[o + plane + p] - shifted[p]);
                out[o + 2 * plane + p] = mu + el * (in[o + 2 * plane + p] - mu);
                out[o + 3 * plane + p] = mv + el * (in[o + 3 * plane + p] - mv);
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
        double ea = Math.exp(r[0]);
        double eb = Math.exp(r[1]);
        double[] gx = g.clone(); // z_A = A: dL/dA starts as dL/dz_A
        double[] shifted = new double[plane];
        double[] gShifted = new double[plane];
        double gA = gradLogdet.sumNumber().doubleValue() * plane;
        double gB = gradLogdet.sumNumber().doubleValue() * 2 * (plane - 1);
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
            // z_L = e^b L + (1 - e^b) mean(L); d enters through the means
            double meanU = (1 - eb) * sumU / plane + gd[0] * perPixel;
            double meanV = (1 - eb) * sumV / plane + gd[1] * perPixel;
            for (int p = 0; p < plane; p++) {
                gx[o + 2 * plane + p] = eb * g[o + 2 * plane + p] + meanU;
                gx[o + 3 * plane + p] = eb * g[o + 3 * plane + p] + meanV;
            }
        }
        INDArray grad = store.gradient(slot);
        grad.putScalar(0, grad.getDouble(0) + GAIN * gA);
        grad.putScalar(1, grad.getDouble(1) + GAIN * gB);
        return Nd4j.create(gx, new long[] {rows, dim()}, 'c').castTo(gradZ.dataType());
    }

    private double[] rows(INDArray a) {
        if (a.rank() != 2 || a.columns() != dim()) {
            throw new IllegalArgumentException("expected [B, " + dim() + "] PIV pairs (A, B, u, v), got "
                    + java.util.Arrays.toString(a.shape()));
        }
        return a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
    }

    private double displacement(double planeMean) {
        return rangePx * (2 * planeMean - 1);
    }

    private double mean(double[] z, int offset) {
        double s = 0;
        for (int p = 0; p < plane; p++) {
            s += z[offset + p];
        }
        return s / plane;
    }

    @Override
    public <R> R accept(FlowVisitor<R> visitor) {
        return visitor.pairExpansion(this);
    }
}
