package dev.hetflow.ffjord.dynamics;

import dev.hetflow.ffjord.params.ParameterInit;
import dev.hetflow.ffjord.params.ParameterSlot;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Physics-aware free-form dynamics for a PIV pair stacked as channels (frame A, frame B, then the u and v label
 * planes, flattened NCHW rows):
 *
 * <pre>
 *   f(t, z) = g(t, z) + s_B(t) [0, B - shift(A, d), 0, 0] + s_L(t) [0, 0, u - mean u, v - mean v]
 * </pre>
 *
 * g is the free conv net ({@link ConvDynamics}); d = r (2 mean(label plane) - 1) is the displacement in px that the
 * label planes decode to (the planes span +-r px); shift is the {@link PeriodicShift}. The first term lets the flow
 * expand what is left of frame B once frame A is moved by the state's own label (PIV's B(x) = A(x - d)); the second
 * expands each label plane's per-pixel dequantization noise around its mean, so the density sees the label through
 * the plane mean. Both terms are linear in the channel they move, with s(t) = GAIN (c0 + c1 t), so their share of
 * tr(df/dz) (FFJORD eq. 4) is exact: s_B(t) H W + s_L(t) 2 (H W - 1) ({@link #exactDivergence}); tangent rows carry
 * J_g v only, for the Hutchinson estimate of the rest. Parameters: {@code <prefix>.pair} and {@code <prefix>.plane}
 * ({c0, c1} each, zero at start, so the net starts as plain conv FFJORD) beside g's.
 */
public final class PivPairDynamics implements Dynamics {

    /**
     * Scale of the two coefficients: Adam moves a parameter by about its learning rate per step, and the expansion
     * rates that fit PIV data are a few units (ln of signal over residual), so a gain of 10 lets them arrive within
     * about a hundred steps at lr 0.005 instead of a thousand.
     */
    public static final double GAIN = 10;
    public static final int CHANNELS = 4;

    private final ConvDynamics free;
    private final double rangePx;
    private final int height;
    private final int width;
    private final int plane;
    private final ParameterSlot pairSlot;
    private final ParameterSlot planeSlot;
    private final PeriodicShift shift;
    private ParameterStore store;

    /**
     * @param spec    the free net's architecture; 4 channels (A, B, u, v), even height and width
     * @param rangePx r, the displacement a label plane at 0 or 1 stands for
     */
    public PivPairDynamics(ConvSpec spec, double rangePx, ParameterStore.Builder params, String prefix) {
        if (spec.channels() != CHANNELS) {
            throw new IllegalArgumentException("PIV pair dynamics need channels frame A, frame B, u, v (4), got "
                    + spec.channels());
        }
        if (!(rangePx > 0) || !Double.isFinite(rangePx)) {
            throw new IllegalArgumentException("the label range must be a positive number of px, got " + rangePx);
        }
        this.free = new ConvDynamics(spec, params, prefix);
        this.rangePx = rangePx;
        this.height = spec.height();
        this.width = spec.width();
        this.plane = height * width;
        this.shift = new PeriodicShift(height, width);
        this.pairSlot = params.add(prefix + ".pair", ParameterInit.zeros(), 2);
        this.planeSlot = params.add(prefix + ".plane", ParameterInit.zeros(), 2);
    }

    public ConvDynamics free() {
        return free;
    }

    public double rangePx() {
        return rangePx;
    }

    /** {c0, c1} of s_B(t) = GAIN (c0 + c1 t). */
    public double[] pairCoefficients() {
        return coefficients(pairSlot);
    }

    /** {c0, c1} of s_L(t) = GAIN (c0 + c1 t). */
    public double[] planeCoefficients() {
        return coefficients(planeSlot);
    }

    private double[] coefficients(ParameterSlot slot) {
        requireBound();
        INDArray v = store.value(slot);
        return new double[] {v.getDouble(0), v.getDouble(1)};
    }

    @Override
    public void bind(ParameterStore store) {
        free.bind(store);
        this.store = store;
    }

    @Override
    public int dim() {
        return free.dim();
    }

    @Override
    public Tape newTape(int batch, int tangents) {
        requireBound();
        return new PairTape(free.newTape(batch, tangents));
    }

    private void requireBound() {
        if (store == null) {
            throw new IllegalStateException("bind(ParameterStore) must be called before evaluating the net");
        }
    }

    private double rate(ParameterSlot slot, double t) {
        INDArray v = store.value(slot);
        return GAIN * (v.getDouble(0) + v.getDouble(1) * t);
    }

    @Override
    public INDArray forward(double t, Tape tape) {
        PairTape tp = cast(tape);
        INDArray out = free.forward(t, tp.inner);
        tp.time = t;
        int dim = dim();
        int rows = tp.batch();
        read(tp.inner.input(), tp.z, rows * dim);
        double sB = rate(pairSlot, t);
        double sL = rate(planeSlot, t);
        DataBuffer o = out.data();
        for (int b = 0; b < rows; b++) {
            int row = b * dim;
            double mu = mean(tp.z, row + 2 * plane);
            double mv = mean(tp.z, row + 3 * plane);
            tp.mean[2 * b] = mu;
            tp.mean[2 * b + 1] = mv;
            shift.displacement(displacement(mu), displacement(mv));
            shift.forward(tp.z, row, tp.shifted, b * plane);
            for (int p = 0; p < plane; p++) {
                int i = row + plane + p;
                tp.residual[b * plane + p] = tp.z[i] - tp.shifted[b * plane + p];
                o.put(i, o.getDouble(i) + sB * tp.residual[b * plane + p]);
                int iu = row + 2 * plane + p;
                int iv = row + 3 * plane + p;
                o.put(iu, o.getDouble(iu) + sL * (tp.z[iu] - mu));
                o.put(iv, o.getDouble(iv) + sL * (tp.z[iv] - mv));
            }
        }
        return out;
    }

    /** d = r (2 m - 1): the label plane mean m in (0, 1) in px. */
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
    public double exactDivergence(double t) {
        return rate(pairSlot, t) * plane + rate(planeSlot, t) * 2 * (plane - 1);
    }

    @Override
    public void backwardExactDivergence(double t, double gradDivergenceSum, double paramScale) {
        addGradient(pairSlot, paramScale * gradDivergenceSum * GAIN * plane, t);
        addGradient(planeSlot, paramScale * gradDivergenceSum * GAIN * 2 * (plane - 1), t);
    }

    /** Adds {@code g * d/d(c0, c1) (c0 + c1 t)} = {g, g t} to a coefficient pair's gradient. */
    private void addGradient(ParameterSlot slot, double g, double t) {
        INDArray grad = store.gradient(slot);
        grad.putScalar(0, grad.getDouble(0) + g);
        grad.putScalar(1, grad.getDouble(1) + g * t);
    }

    @Override
    public INDArray backward(Tape tape, double paramScale) {
        PairTape tp = cast(tape);
        int dim = dim();
        int rows = tp.batch();
        double t = tp.time;
        // g's backward may overwrite gradOutput: read dL/df of the primal rows first
        read(tp.inner.gradOutput(), tp.g, rows * dim);
        java.util.Arrays.fill(tp.gz, 0.0);
        double sB = rate(pairSlot, t);
        double sL = rate(planeSlot, t);
        double gPair = 0;
        double gPlane = 0;
        for (int b = 0; b < rows; b++) {
            int row = b * dim;
            double mu = tp.mean[2 * b];
            double mv = tp.mean[2 * b + 1];
            double gMeanU = 0;
            double gMeanV = 0;
            for (int p = 0; p < plane; p++) {
                double gB = tp.g[row + plane + p];
                gPair += gB * tp.residual[b * plane + p];
                tp.gz[row + plane + p] += sB * gB;
                tp.minusGradB[p] = -sB * gB;
                double gu = tp.g[row + 2 * plane + p];
                double gv = tp.g[row + 3 * plane + p];
                gPlane += gu * (tp.z[row + 2 * plane + p] - mu) + gv * (tp.z[row + 3 * plane + p] - mv);
                gMeanU += gu;
                gMeanV += gv;
            }
            // d(x - mean x)/dx = I - 11^T / n, so each label pixel gets sL (g - mean g)
            gMeanU /= plane;
            gMeanV /= plane;
            // B - shift(A, d): frame A and d get the transposed shift of -sB dL/dB
            shift.displacement(displacement(mu), displacement(mv));
            shift.forward(tp.z, row, tp.shifted, b * plane);
            double[] gd = shift.backward(tp.z, row, tp.minusGradB, 0, tp.gz, row);
            double perPixel = 2 * rangePx / plane; // dd/d(pixel of its plane)
            for (int p = 0; p < plane; p++) {
                tp.gz[row + 2 * plane + p] += sL * (tp.g[row + 2 * plane + p] - gMeanU) + gd[0] * perPixel;
                tp.gz[row + 3 * plane + p] += sL * (tp.g[row + 3 * plane + p] - gMeanV) + gd[1] * perPixel;
            }
        }
        addGradient(pairSlot, paramScale * GAIN * gPair, t);
        addGradient(planeSlot, paramScale * GAIN * gPlane, t);
        INDArray gradIn = free.backward(tp.inner, paramScale);
        DataBuffer gi = gradIn.data();
        long base = gradIn.offset();
        for (int i = 0; i < rows * dim; i++) {
            gi.put(base + i, gi.getDouble(base + i) + tp.gz[i]);
        }
        return gradIn;
    }

    /** The first {@code n} values of a c-ordered array (a tape's own buffer) into {@code into}. */
    private static void read(INDArray array, double[] into, int n) {
        if (array.ordering() != 'c' || array.elementWiseStride() != 1) {
            throw new IllegalStateException("tape buffers must be contiguous c-order arrays");
        }
        DataBuffer data = array.data();
        long base = array.offset();
        for (int i = 0; i < n; i++) {
            into[i] = data.getDouble(base + i);
        }
    }

    private static PairTape cast(Tape tape) {
        if (tape instanceof PairTape t) {
            return t;
        }
        throw new IllegalArgumentException("tape was not made by a PivPairDynamics");
    }

    private final class PairTape implements Tape {
        final Tape inner;
        final double[] z;
        final double[] g;
        final double[] gz;
        final double[] shifted;
        final double[] residual;
        final double[] mean;
        final double[] minusGradB;
        double time;

        PairTape(Tape inner) {
            this.inner = inner;
            int rows = inner.batch();
            z = new double[rows * dim()];
            g = new double[rows * dim()];
            gz = new double[rows * dim()];
            shifted = new double[rows * plane];
            residual = new double[rows * plane];
            mean = new double[2 * rows];
            minusGradB = new double[plane];
        }

        @Override
        public int batch() {
            return inner.batch();
        }

        @Override
        public int tangents() {
            return inner.tangents();
        }

        @Override
        public INDArray input() {
            return inner.input();
        }

        @Override
        public INDArray output() {
            return inner.output();
        }

        @Override
        public INDArray gradOutput() {
            return inner.gradOutput();
        }
    }

    @Override
    public <R> R accept(DynamicsVisitor<R> visitor) {
        return visitor.pivPair(this);
    }
}
