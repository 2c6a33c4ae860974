package dev.hetflow.experiments.fidelity;

import dev.hetflow.datasets.piv.PivSample;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.estimate.Displacement;
import dev.hetflow.datasets.piv.estimate.PivEstimator;
import dev.hetflow.datasets.piv.estimate.VectorRms;
import dev.hetflow.datasets.tensor.Channel;
import java.util.List;

/**
 * PIV label fidelity: the classical cross-correlation estimator is the judge. A heterogeneous model's generated label
 * (u, v) is compared with the judge's estimate on the generated pair; the baseline's pairs come from the homogeneous
 * model and get their label from the {@link GradientFlowEstimator}. On real held-out pairs the judge is compared with
 * the true label, the figure to read the others beside.
 */
public final class PivFidelity {

    private final int size;
    private final double realRms;

    /** Measures the judge on {@code n} real held-out pairs. */
    public PivFidelity(PivSource heldOut, int size, int n) {
        this.size = size;
        VectorRms rms = new VectorRms();
        for (int i = 0; i < n; i++) {
            PivSample pair = heldOut.synthesizer().sample(i);
            Displacement d = judge(PivEstimator.greyLevels(pair.frameA()), PivEstimator.greyLevels(pair.frameB()));
            rms.add(d.valid(), d.dx(), d.dy(), pair.meanU(), pair.meanV());
        }
        this.realRms = rms.value();
    }

    public double realRms() {
        return realRms;
    }

    /** Generated heterogeneous samples: their own label against the judge. */
    public FidelityFigure generated(String model, List<Channel> channels, float[][] samples, boolean unstable) {
        VectorRms rms = new VectorRms();
        for (float[] s : samples) {
            var labels = Labels.decode(channels, s, size, size);
            Displacement d = judge(frame(s, 0), frame(s, 1));
            rms.add(d.valid(), d.dx(), d.dy(), Labels.value(labels, "u"), Labels.value(labels, "v"));
        }
        return new FidelityFigure(model, "rms_px", samples.length, rms.value(), realRms, rms.invalid(), unstable);
    }

    /** Homogeneous samples labelled by the gradient estimator, against the judge. */
    public FidelityFigure labelled(String model, float[][] samples, boolean unstable) {
        VectorRms rms = new VectorRms();
        for (float[] s : samples) {
            double[] a = frame(s, 0);
            double[] b = frame(s, 1);
            double[] label = GradientFlowEstimator.estimate(a, b, size, size);
            Displacement d = judge(a, b);
            rms.add(d.valid(), d.dx(), d.dy(), label[0], label[1]);
        }
        return new FidelityFigure(model, "rms_px", samples.length, rms.value(), realRms, rms.invalid(), unstable);
    }

    /** The gradient labeller on real held-out pairs against their true labels (its own accuracy). */
    public static double labellerRms(PivSource heldOut, int n) {
        VectorRms rms = new VectorRms();
        for (int i = 0; i < n; i++) {
            PivSample pair = heldOut.synthesizer().sample(i);
            double[] d = GradientFlowEstimator.estimate(PivEstimator.greyLevels(pair.frameA()),
                    PivEstimator.greyLevels(pair.frameB()), pair.width(), pair.height());
            rms.add(true, d[0], d[1], pair.meanU(), pair.meanV());
        }
        return rms.value();
    }

    private Displacement judge(double[] a, double[] b) {
        return PivEstimator.estimate(a, b, size, size);
    }

    private double[] frame(float[] sample, int channel) {
        double[] f = PivEstimator.channel(sample, channel, size, size);
        for (int i = 0; i < f.length; i++) {
            if (!Double.isFinite(f[i])) {
                f[i] = 0;
            }
        }
        return f;
    }
}
