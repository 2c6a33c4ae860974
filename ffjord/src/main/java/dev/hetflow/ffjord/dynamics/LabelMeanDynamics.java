package dev.hetflow.ffjord.dynamics;

import dev.hetflow.ffjord.params.ParameterInit;
import dev.hetflow.ffjord.params.ParameterSlot;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A free conv net g ({@link ConvDynamics}) plus a term that scales each label plane's mean about a learnt centre:
 *
 * <pre>
 *   f(t, z)_L = g(t, z)_L + s(t) (mean(z_L) - 1/2 - c_L)   on every pixel of label plane L,   f_I = g_I on images
 * </pre>
 *
 * with s(t) = GAIN (c0 + c1 t). A 3x3 net sees a plane's mean only through a few pixels; this term gives the flow the
 * label's own marginal directly. It is linear in the plane with Jacobian s(t) 11^T / n, so its share of tr(df/dz)
 * (FFJORD eq. 4) is exact: s(t) per label plane ({@link #exactDivergence}); tangent rows carry J_g v only, for the
 * Hutchinson estimate of the rest. Parameters {@code <prefix>.mean} ({c0, c1}) and {@code <prefix>.centre}
 * (one c_L per label plane), zero at start, beside g's.
 */
public final class LabelMeanDynamics implements Dynamics {

    /** Scale of the rate coefficients: rates of a few units arrive within about a hundred steps at lr 0.005. */
    public static final double GAIN = 10;

    private final ConvDynamics free;
    private final int firstLabel;
    private final int labels;
    private final int plane;
    private final ParameterSlot rateSlot;
    private final ParameterSlot centreSlot;
    private ParameterStore store;

    /**
     * @param freeNet       the free net's architecture
     * @param labelChannels the last channels that are label planes (at least one)
     */
    public LabelMeanDynamics(ConvSpec freeNet, int labelChannels, ParameterStore.Builder params, String prefix) {
        if (labelChannels < 1 || labelChannels > freeNet.channels()) {
            throw new IllegalArgumentException("need 1.." + freeNet.channels() + " label channels, got "
                    + labelChannels);
        }
        this.free = new ConvDynamics(freeNet, params, prefix);
        this.labels = labelChannels;
        this.firstLabel = freeNet.channels() - labelChannels;
        this.plane = freeNet.height() * freeNet.width();
        this.rateSlot = params.add(prefix + ".mean", ParameterInit.zeros(), 2);
        this.centreSlot = params.add(prefix + ".centre", ParameterInit.zeros(), labelChannels);
    }

    public ConvDynamics free() {
        return free;
    }

    public int labelChannels() {
        return labels;
    }

    /** {c0, c1} of s(t) = GAIN (c0 + c1 t). */
    public double[] rateCoefficients() {
        INDArray v = bound().value(rateSlot);
        return new double[] {v.getDouble(0), v.getDouble(1)};
    }

    /** 1/2 + c_L per label plane: the centres the means are scaled about. */
    public double[] centres() {
        INDArray v = bound().value(centreSlot);
        double[] c = new double[labels];
        for (int l = 0; l < labels; l++) {
            c[l] = 0.5 + v.getDouble(l);
        }
        return c;
    }

    private ParameterStore bound() {
        if (store == null) {
            throw new IllegalStateException("bind(ParameterStore) must be called before evaluating the net");
        }
        return store;
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
        bound();
        return new MeanTape(free.newTape(batch, tangents));
    }

    private double rate(double t) {
        INDArray v = bound().value(rateSlot);
        return GAIN * (v.getDouble(0) + v.getDouble(1) * t);
    }

    @Override
    public INDArray forward(double t, Tape tape) {
        MeanTape tp = cast(tape);
        INDArray out = free.forward(t, tp.inner);
        tp.time = t;
        double s = rate(t);
        double[] centre = centres();
        DataBuffer in = tp.inner.input().data();
        DataBuffer o = out.data();
        long inBase = tp.inner.input().offset();
        long outBase = out.offset();
        int dim = dim();
        for (int b = 0; b < tp.batch(); b++) {
            for (int l = 0; l < labels; l++) {
                long first = (long) b * dim + (long) (firstLabel + l) * plane;
                double sum = 0;
                for (int p = 0; p < plane; p++) {
                    sum += in.getDouble(inBase + first + p);
                }
                double mean = sum / plane;
                tp.deviation[b * labels + l] = mean - centre[l];
                double term = s * (mean - centre[l]);
                for (int p = 0; p < plane; p++) {
                    o.put(outBase + first + p, o.getDouble(outBase + first + p) + term);
                }
            }
        }
        return out;
    }

    @Override
    public boolean hasExactDivergence() {
        return true;
    }

    @Override
    public double exactDivergence(double t) {
        return rate(t) * labels;
    }

    @Override
    public void backwardExactDivergence(double t, double gradDivergenceSum, double paramScale) {
        addRateGradient(paramScale * gradDivergenceSum * GAIN * labels, t);
    }

    private void addRateGradient(double g, double t) {
        INDArray grad = store.gradient(rateSlot);
        grad.putScalar(0, grad.getDouble(0) + g);
        grad.putScalar(1, grad.getDouble(1) + g * t);
    }

    @Override
    public INDArray backward(Tape tape, double paramScale) {
        MeanTape tp = cast(tape);
        double t = tp.time;
        double s = rate(t);
        int dim = dim();
        int rows = tp.batch();
        // g's backward may overwrite gradOutput: take each plane's sum of dL/df first
        DataBuffer go = tp.inner.gradOutput().data();
        long goBase = tp.inner.gradOutput().offset();
        double gRate = 0;
        INDArray gradCentre = store.gradient(centreSlot);
        for (int b = 0; b < rows; b++) {
            for (int l = 0; l < labels; l++) {
                long first = (long) b * dim + (long) (firstLabel + l) * plane;
                double sum = 0;
                for (int p = 0; p < plane; p++) {
                    sum += go.getDouble(goBase + first + p);
                }
                tp.planeGrad[b * labels + l] = sum;
                gRate += sum * tp.deviation[b * labels + l];
                gradCentre.putScalar(l, gradCentre.getDouble(l) - paramScale * s * sum);
            }
        }
        addRateGradient(paramScale * GAIN * gRate, t);
        INDArray gradIn = free.backward(tp.inner, paramScale);
        // d(mean)/dx = 1/n on every pixel of the plane
        DataBuffer gi = gradIn.data();
        long giBase = gradIn.offset();
        for (int b = 0; b < rows; b++) {
            for (int l = 0; l < labels; l++) {
                long first = (long) b * dim + (long) (firstLabel + l) * plane;
                double add = s * tp.planeGrad[b * labels + l] / plane;
                for (int p = 0; p < plane; p++) {
                    gi.put(giBase + first + p, gi.getDouble(giBase + first + p) + add);
                }
            }
        }
        return gradIn;
    }

    private static MeanTape cast(Tape tape) {
        if (tape instanceof MeanTape t) {
            return t;
        }
        throw new IllegalArgumentException("tape was not made by a LabelMeanDynamics");
    }

    private final class MeanTape extends WrappedTape {
        final double[] deviation;
        final double[] planeGrad;
        double time;

        MeanTape(Tape inner) {
            super(inner);
            deviation = new double[inner.batch() * labels];
            planeGrad = new double[inner.batch() * labels];
        }
    }

    @Override
    public <R> R accept(DynamicsVisitor<R> visitor) {
        return visitor.labelMean(this);
    }
}
