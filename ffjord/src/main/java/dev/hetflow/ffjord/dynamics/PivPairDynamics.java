package dev.hetflow.ffjord.dynamics;

import dev.hetflow.ffjord.params.ParameterInit;
import dev.hetflow.ffjord.params.ParameterSlot;
import dev.hetflow.ffjord.params.ParameterStore;
import java.util.EnumSet;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Physics-aware free-form dynamics for a PIV pair stacked as channels (frame A, frame B, then the u and v label
 * planes, flattened NCHW rows): an optional free conv net g ({@link ConvDynamics}) plus any of three {@link Term}s,
 *
 * <pre>
 *   f(t, z) = g(t, z) + s_B(t) [0, B - shift(A, d), 0, 0]                       (PAIR)
 *                     + s_L(t) [0, 0, u - mean u, v - mean v]                   (PLANE)
 *                     + s_M(t) [0, 0, mean u - 1/2 - c_u, mean v - 1/2 - c_v]   (LABEL_MEAN)
 * </pre>
 *
 * d = r (2 mean(label plane) - 1) is the displacement in px that the label planes decode to (they span +-r px) and
 * shift the band-limited {@link PeriodicShift}. PAIR expands what is left of frame B once frame A is moved by the
 * state's own label (PIV's B(x) = A(x - d)); PLANE expands each label plane's per-pixel dequantization noise around
 * its mean; LABEL_MEAN scales each plane's mean about a learnt centre, the label's own marginal, which a 3x3 net
 * cannot see. Each term is linear in the channel it moves, with rates s(t) = GAIN (c0 + c1 t), so its share of
 * tr(df/dz) (FFJORD eq. 4) is exact ({@link #exactDivergence}): s_B H W, s_L 2 (H W - 1) and s_M 2; tangent rows
 * carry J_g v only (zero without g), for the Hutchinson estimate of the rest. Without g and LABEL_MEAN the labels
 * stay fixed through the block, so PAIR then moves B towards a fixed shift of a fixed A: a closed-form conditional
 * of B given A and d. Parameters {@code <prefix>.pair}, {@code .plane}, {@code .mean} ({c0, c1}) and
 * {@code .centre} ({c_u, c_v}), all zero at start, beside g's.
 */
public final class PivPairDynamics implements Dynamics {

    /** The structured terms of the dynamics. */
    public enum Term {
        PAIR, PLANE, LABEL_MEAN
    }

    /**
     * Scale of the rate coefficients: Adam moves a parameter by about its learning rate per step, and the expansion
     * rates that fit PIV data are a few units (ln of signal over residual), so a gain of 10 lets them arrive within
     * about a hundred steps at lr 0.005 instead of a thousand.
     */
    public static final double GAIN = 10;
    public static final int CHANNELS = 4;

    private final ConvDynamics free;
    private final Set<Term> terms;
    private final double rangePx;
    private final int height;
    private final int width;
    private final int plane;
    private final ParameterSlot pairSlot;
    private final ParameterSlot planeSlot;
    private final ParameterSlot meanSlot;
    private final ParameterSlot centreSlot;
    private final PeriodicShift shift;
    private ParameterStore store;

    /**
     * @param freeNet the free net's architecture, or null for none; its 4 channels are A, B, u, v
     * @param height  window height, even
     * @param width   window width, even
     * @param rangePx r, the displacement a label plane at 0 or 1 stands for
     * @param terms   the structured terms, at least one
     */
    public PivPairDynamics(ConvSpec freeNet, int height, int width, double rangePx, Set<Term> terms,
            ParameterStore.Builder params, String prefix) {
        if (freeNet != null && (freeNet.channels() != CHANNELS || freeNet.height() != height
                || freeNet.width() != width)) {
            throw new IllegalArgumentException("the free net must see 4 x " + height + " x " + width
                    + " (frame A, frame B, u, v), got " + freeNet.channels() + " x " + freeNet.height() + " x "
                    + freeNet.width());
        }
        if (!(rangePx > 0) || !Double.isFinite(rangePx)) {
            throw new IllegalArgumentException("the label range must be a positive number of px, got " + rangePx);
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("PIV pair dynamics need at least one structured term");
        }
        this.free = freeNet == null ? null : new ConvDynamics(freeNet, params, prefix);
        this.terms = EnumSet.copyOf(terms);
        this.rangePx = rangePx;
        this.height = height;
        this.width = width;
        this.plane = height * width;
        this.shift = new PeriodicShift(height, width);
        this.pairSlot = this.terms.contains(Term.PAIR) ? params.add(prefix + ".pair", ParameterInit.zeros(), 2) : null;
        this.planeSlot = this.terms.contains(Term.PLANE) ? params.add(prefix + ".plane", ParameterInit.zeros(), 2)
                : null;
        this.meanSlot = this.terms.contains(Term.LABEL_MEAN) ? params.add(prefix + ".mean", ParameterInit.zeros(), 2)
                : null;
        this.centreSlot = meanSlot == null ? null : params.add(prefix + ".centre", ParameterInit.zeros(), 2);
    }

    /** The free conv net, or null. */
    public ConvDynamics free() {
        return free;
    }

    public Set<Term> terms() {
        return EnumSet.copyOf(terms);
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

    /** {c0, c1} of a term's rate s(t) = GAIN (c0 + c1 t); zeros for a term this net lacks. */
    public double[] rateCoefficients(Term term) {
        return coefficients(slot(term));
    }

    /** {c_u, c_v}, the learnt label centres of LABEL_MEAN about 1/2; zeros without it. */
    public double[] centres() {
        return coefficients(centreSlot);
    }

    private ParameterSlot slot(Term term) {
        return switch (term) {
            case PAIR -> pairSlot;
            case PLANE -> planeSlot;
            case LABEL_MEAN -> meanSlot;
        };
    }

    private double[] coefficients(ParameterSlot slot) {
        requireBound();
        if (slot == null) {
            return new double[2];
        }
        INDArray v = store.value(slot);
        return new double[] {v.getDouble(0), v.getDouble(1)};
    }

    @Override
    public void bind(ParameterStore store) {
        if (free != null) {
            free.bind(store);
        }
        this.store = store;
    }

    @Override
    public int dim() {
        return CHANNELS * plane;
    }

    @Override
    public Tape newTape(int batch, int tangents) {
        requireBound();
        if (batch <= 0 || tangents < 0) {
            throw new IllegalArgumentException("need batch > 0 and tangents >= 0, got " + batch + ", " + tangents);
        }
        return new PairTape(free == null ? null : free.newTape(batch, tangents), batch, tangents);
    }

    private void requireBound() {
        if (store == null) {
            throw new IllegalStateException("bind(ParameterStore) must be called before evaluating the net");
        }
    }

    private double rate(ParameterSlot slot, double t) {
        if (slot == null) {
            return 0;
        }
        INDArray v = store.value(slot);
        return GAIN * (v.getDouble(0) + v.getDouble(1) * t);
    }

    @Override
    public INDArray forward(double t, Tape tape) {
        PairTape tp = cast(tape);
        INDArray out;
        if (free != null) {
            out = free.forward(t, tp.inner);
        } else {
            out = tp.output;
            out.assign(0);
        }
        tp.time = t;
        int dim = dim();
        int rows = tp.batch;
        read(tp.input(), tp.z, rows * dim);
        double sB = rate(pairSlot, t);
        double sL = rate(planeSlot, t);
        double sM = rate(meanSlot, t);
        double[] centre = centres();
        DataBuffer o = out.data();
        long base = out.offset();
        for (int b = 0; b < rows; b++) {
            int row = b * dim;
            double mu = mean(tp.z, row + 2 * plane);
            double mv = mean(tp.z, row + 3 * plane);
            tp.mean[2 * b] = mu;
            tp.mean[2 * b + 1] = mv;
            if (pairSlot != null) {
                shift.displacement(displacement(mu), displacement(mv));
                shift.forward(tp.z, row, tp.shifted, b * plane);
            }
            double meanU = sM * (mu - 0.5 - centre[0]);
            double meanV = sM * (mv - 0.5 - centre[1]);
            for (int p = 0; p < plane; p++) {
                if (pairSlot != null) {
                    long i = base + row + plane + p;
                    tp.residual[b * plane + p] = tp.z[row + plane + p] - tp.shifted[b * plane + p];
                    o.put(i, o.getDouble(i) + sB * tp.residual[b * plane + p]);
                }
                int iu = row + 2 * plane + p;
                int iv = row + 3 * plane + p;
                o.put(base + iu, o.getDouble(base + iu) + sL * (tp.z[iu] - mu) + meanU);
                o.put(base + iv, o.getDouble(base + iv) + sL * (tp.z[iv] - mv) + meanV);
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
        return rate(pairSlot, t) * plane + rate(planeSlot, t) * 2 * (plane - 1) + rate(meanSlot, t) * 2;
    }

    @Override
    public void backwardExactDivergence(double t, double gradDivergenceSum, double paramScale) {
        double g = paramScale * gradDivergenceSum * GAIN;
        addRateGradient(pairSlot, g * plane, t);
        addRateGradient(planeSlot, g * 2 * (plane - 1), t);
        addRateGradient(meanSlot, g * 2, t);
    }

    /** Adds {@code g * d/d(c0, c1) (c0 + c1 t)} = {g, g t} to a rate's coefficient gradient. */
    private void addRateGradient(ParameterSlot slot, double g, double t) {
        if (slot != null) {
            INDArray grad = store.gradient(slot);
            grad.putScalar(0, grad.getDouble(0) + g);
            grad.putScalar(1, grad.getDouble(1) + g * t);
        }
    }

    @Override
    public INDArray backward(Tape tape, double paramScale) {
        PairTape tp = cast(tape);
        int dim = dim();
        int rows = tp.batch;
        double t = tp.time;
        // g's backward may overwrite gradOutput: read dL/df of the primal rows first
        read(tp.gradOutput(), tp.g, rows * dim);
        java.util.Arrays.fill(tp.gz, 0.0);
        double sB = rate(pairSlot, t);
        double sL = rate(planeSlot, t);
        double sM = rate(meanSlot, t);
        double[] centre = centres();
        double gPair = 0;
        double gPlane = 0;
        double gMeanRate = 0;
        double gCentreU = 0;
        double gCentreV = 0;
        double perPixel = 2 * rangePx / plane; // dd/d(pixel of its plane)
        for (int b = 0; b < rows; b++) {
            int row = b * dim;
            double mu = tp.mean[2 * b];
            double mv = tp.mean[2 * b + 1];
            double sumU = 0;
            double sumV = 0;
            for (int p = 0; p < plane; p++) {
                double gu = tp.g[row + 2 * plane + p];
                double gv = tp.g[row + 3 * plane + p];
                gPlane += gu * (tp.z[row + 2 * plane + p] - mu) + gv * (tp.z[row + 3 * plane + p] - mv);
                sumU += gu;
                sumV += gv;
                if (pairSlot != null) {
                    double gB = tp.g[row + plane + p];
                    gPair += gB * tp.residual[b * plane + p];
                    tp.gz[row + plane + p] += sB * gB;
                    tp.minusGradB[p] = -sB * gB;
                }
            }
            gMeanRate += sumU * (mu - 0.5 - centre[0]) + sumV * (mv - 0.5 - centre[1]);
            gCentreU -= sM * sumU;
            gCentreV -= sM * sumV;
            double gdx = 0;
            double gdy = 0;
            if (pairSlot != null) {
                // B - shift(A, d): frame A and d get the transposed shift of -sB dL/dB
                shift.displacement(displacement(mu), displacement(mv));
                shift.forward(tp.z, row, tp.shifted, b * plane);
                double[] gd = shift.backward(tp.z, row, tp.minusGradB, 0, tp.gz, row);
                gdx = gd[0];
                gdy = gd[1];
            }
            // PLANE: d(x - mean x)/dx = I - 11^T / n; LABEL_MEAN: d(mean x)/dx = 1^T / n for every output pixel
            double meanU = (sM - sL) * sumU / plane + gdx * perPixel;
            double meanV = (sM - sL) * sumV / plane + gdy * perPixel;
            for (int p = 0; p < plane; p++) {
                tp.gz[row + 2 * plane + p] += sL * tp.g[row + 2 * plane + p] + meanU;
                tp.gz[row + 3 * plane + p] += sL * tp.g[row + 3 * plane + p] + meanV;
            }
        }
        addRateGradient(pairSlot, paramScale * GAIN * gPair, t);
        addRateGradient(planeSlot, paramScale * GAIN * gPlane, t);
        addRateGradient(meanSlot, paramScale * GAIN * gMeanRate, t);
        if (centreSlot != null) {
            INDArray grad = store.gradient(centreSlot);
            grad.putScalar(0, grad.getDouble(0) + paramScale * gCentreU);
            grad.putScalar(1, grad.getDouble(1) + paramScale * gCentreV);
        }
        INDArray gradIn = free == null ? tp.gradInput.assign(0) : free.backward(tp.inner, paramScale);
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

    /** The free net's tape when there is one, else own buffers (whose tangent rows stay zero: J_g = 0). */
    private final class PairTape implements Tape {
        final Tape inner;
        final int batch;
        final int tangents;
        final INDArray input;
        final INDArray output;
        final INDArray gradOutput;
        final INDArray gradInput;
        final double[] z;
        final double[] g;
        final double[] gz;
        final double[] shifted;
        final double[] residual;
        final double[] mean;
        final double[] minusGradB;
        double time;

        PairTape(Tape inner, int batch, int tangents) {
            this.inner = inner;
            this.batch = batch;
            this.tangents = tangents;
            DataType type = store.dataType();
            int rows = (1 + tangents) * batch;
            input = inner == null ? Nd4j.create(type, rows, dim()) : inner.input();
            output = inner == null ? Nd4j.create(type, rows, dim()) : inner.output();
            gradOutput = inner == null ? Nd4j.create(type, rows, dim()) : inner.gradOutput();
            gradInput = inner == null ? Nd4j.create(type, batch, dim()) : null;
            z = new double[batch * dim()];
            g = new double[batch * dim()];
            gz = new double[batch * dim()];
            shifted = new double[batch * plane];
            residual = new double[batch * plane];
            mean = new double[2 * batch];
            minusGradB = new double[plane];
        }

        @Override
        public int batch() {
            return batch;
        }

        @Override
        public int tangents() {
            return tangents;
        }

        @Override
        public INDArray input() {
            return input;
        }

        @Override
        public INDArray output() {
            return output;
        }

        @Override
        public INDArray gradOutput() {
            return gradOutput;
        }
    }

    @Override
    public <R> R accept(DynamicsVisitor<R> visitor) {
        return visitor.pivPair(this);
    }
}
