package dev.hetflow.experiments.fidelity;

import dev.hetflow.datasets.judge.PivCriteria;
import dev.hetflow.datasets.judge.PivJudge;
import dev.hetflow.datasets.judge.PivPair;
import dev.hetflow.datasets.judge.PivVerdict;
import dev.hetflow.datasets.manifest.DecodedLabel;
import dev.hetflow.datasets.piv.PivSample;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.estimate.PivEstimator;
import dev.hetflow.datasets.piv.estimate.VectorRms;
import dev.hetflow.datasets.tensor.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * PIV label fidelity by {@link PivJudge} (the sampler's and the demo's judge): a heterogeneous model's generated
 * label (u, v) against the judge's reading of the generated pair, with failures, the labels' spread against the
 * data's and the chance RMS; the baseline's pairs come from the homogeneous model and get their label from the
 * {@link GradientFlowEstimator}. The judge on real held-out pairs against their true labels is the floor to read the
 * others beside. The round trip through a model's encoder is not measured here yet (no hook filled).
 */
public final class PivFidelity {

    private static final long SHUFFLE_SEED = 17;

    private final int size;
    private final PivJudge judge;
    private final List<PivPair> real;
    private final double realRms;

    /** Measures the judge on {@code n} real held-out pairs. */
    public PivFidelity(PivSource heldOut, int size, int n) {
        this.size = size;
        Channel u = heldOut.channels().get(2);
        this.judge = new PivJudge(size, size, Math.max(Math.abs(u.min()), Math.abs(u.max())));
        this.real = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            real.add(PivPair.of(heldOut.synthesizer().sample(i)));
        }
        this.realRms = judge.judge(real, real, List.of(), PivCriteria.DEMO, SHUFFLE_SEED).realRmsPx();
    }

    public double realRms() {
        return realRms;
    }

    /** Generated heterogeneous samples: their own label against the judge. */
    public FidelityFigure generated(String model, List<Channel> channels, float[][] samples, boolean unstable) {
        List<PivPair> pairs = new ArrayList<>();
        int clipped = 0;
        for (float[] s : samples) {
            List<DecodedLabel> labels = Labels.decode(channels, s, size, size);
            clipped += DecodedLabel.clippedCount(labels) > 0 ? 1 : 0;
            pairs.add(PivPair.of(s, 0, 1, size, size, Labels.value(labels, "u"), Labels.value(labels, "v")));
        }
        return figure(model, pairs, clipped, unstable);
    }

    /** Homogeneous samples labelled by the gradient estimator, against the judge. */
    public FidelityFigure labelled(String model, float[][] samples, boolean unstable) {
        List<PivPair> pairs = new ArrayList<>();
        for (float[] s : samples) {
            PivPair frames = PivPair.of(s, 0, 1, size, size, 0, 0);
            double[] label = GradientFlowEstimator.estimate(frames.frameA(), frames.frameB(), size, size);
            pairs.add(new PivPair(frames.frameA(), frames.frameB(), label[0], label[1]));
        }
        return figure(model, pairs, 0, unstable);
    }

    private FidelityFigure figure(String model, List<PivPair> pairs, int clipped, boolean unstable) {
        PivVerdict v = judge.judge(pairs, real, List.of(), PivCriteria.DEMO, SHUFFLE_SEED);
        int failures = (int) Math.round(v.failureShare() * pairs.size());
        return new FidelityFigure(model, "rms_px", pairs.size(), v.labelRmsPx(), v.realRmsPx(), failures, unstable,
                clipped, v, null);
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
}
