package dev.hetflow.experiments.fidelity;

import dev.hetflow.datasets.judge.DigitJudge;
import dev.hetflow.datasets.judge.FittedDigitJudge;
import dev.hetflow.datasets.judge.DigitVerdict;
import dev.hetflow.datasets.manifest.DecodedLabel;
import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.experiments.data.Dataset;
import java.util.Arrays;
import java.util.List;

/**
 * MNIST label fidelity: the judge is the {@link DigitJudge} (k-NN over the real training digits, the sampler's and
 * the demo's judge); a heterogeneous model's generated class is compared with the judge's class of the generated
 * image (agreement, Cohen's kappa, both class histograms), read beside the judge's accuracy on real held-out digits.
 * The baseline's labeller is a k-nearest-neighbour classifier (k = 3, {@link NearestNeighbours}) on the preset's
 * real training digits.
 */
public final class DigitFidelity {

    private static final int K = 3;

    private final DigitJudge judge;
    private final double judgeAccuracy;
    private final int imageDims;

    /**
     * @param fitted the judge fitted on every real digit there is (t10k's first 8,000; its accuracy on the last
     *               2,000), not only on the preset's training digits: a judge of 64 or 2,000 digits is not 97 % right
     * @param data   the data set the models train on (its image size must be the judge's)
     */
    public DigitFidelity(FittedDigitJudge fitted, Dataset data) {
        this.imageDims = data.imageDims();
        this.judge = fitted.judge();
        this.judgeAccuracy = fitted.accuracy();
    }

    public double judgeAccuracy() {
        return judgeAccuracy;
    }

    public FidelityFigure generated(String model, List<Channel> channels, int h, int w, float[][] samples,
            boolean unstable) {
        float[][] images = images(samples);
        int[] classes = new int[samples.length];
        int clipped = 0;
        for (int i = 0; i < samples.length; i++) {
            List<DecodedLabel> labels = Labels.decode(channels, samples[i], h, w);
            DecodedLabel label = labels.stream().filter(l -> l.channel().equals("class")).findFirst().orElseThrow();
            classes[i] = Math.max(0, label.level()); // a NaN class (level -1) is flagged clipped and read as 0
            clipped += DecodedLabel.clippedCount(labels) > 0 ? 1 : 0;
        }
        DigitVerdict v = judge.judge(images, classes, judgeAccuracy);
        return new FidelityFigure(model, "agreement", samples.length, v.agreement(), judgeAccuracy, 0, unstable,
                clipped, null, v);
    }

    /**
     * The baseline labeller, trained on the real training digits.
     *
     * @param knn          the classifier
     * @param accuracy     its accuracy on real held-out digits
     * @param trainSeconds fitting time
     */
    public record Labeller(NearestNeighbours knn, double accuracy, double trainSeconds) {
        int label(float[] image) {
            return knn.predict(toDouble(image));
        }
    }

    public static Labeller labeller(Dataset data) {
        long start = System.nanoTime();
        double[][] x = new double[data.trainImages().length][];
        for (int i = 0; i < x.length; i++) {
            x[i] = toDouble(data.trainImages()[i]);
        }
        NearestNeighbours knn = NearestNeighbours.fit(x, data.trainClasses(), K);
        double seconds = (System.nanoTime() - start) / 1e9;
        float[][] valid = images(data.valid(), data.imageDims());
        int right = 0;
        for (int i = 0; i < valid.length; i++) {
            right += knn.predict(toDouble(valid[i])) == data.validClasses()[i] ? 1 : 0;
        }
        return new Labeller(knn, right / (double) valid.length, seconds);
    }

    /** Homogeneous samples labelled by the baseline labeller, against the judge. */
    public FidelityFigure labelled(String model, Labeller labeller, float[][] samples, boolean unstable) {
        int agree = 0;
        for (float[] s : samples) {
            float[] image = Arrays.copyOf(s, imageDims);
            agree += labeller.label(image) == judge.classify(image) ? 1 : 0;
        }
        return new FidelityFigure(model, "agreement", samples.length, agree / (double) samples.length, judgeAccuracy,
                0, unstable, 0, null, null);
    }

    private float[][] images(float[][] samples) {
        return images(samples, imageDims);
    }

    private static float[][] images(float[][] samples, int dims) {
        float[][] out = new float[samples.length][];
        for (int i = 0; i < samples.length; i++) {
            out[i] = Arrays.copyOf(samples[i], dims);
        }
        return out;
    }

    static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.isFinite(v[i]) ? v[i] : 0;
        }
        return out;
    }
}
