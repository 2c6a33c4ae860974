package dev.hetflow.experiments.fidelity;

import dev.hetflow.datasets.mnist.DigitClassifier;
import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.experiments.data.Dataset;
import java.util.Arrays;
import java.util.List;

/**
 * MNIST label fidelity: the judge is the {@link DigitClassifier} (logistic regression) trained on the real training
 * digits; a heterogeneous model's generated class is compared with the judge's class of the generated image, read
 * beside the judge's accuracy on real held-out digits. The baseline's labeller is a different model family, a
 * k-nearest-neighbour classifier (k = 3, {@link NearestNeighbours}) on the same real digits.
 */
public final class DigitFidelity {

    private static final int K = 3;

    private final DigitClassifier judge;
    private final double judgeAccuracy;
    private final int imageDims;

    public DigitFidelity(Dataset data, int epochs) {
        this.imageDims = data.imageDims();
        this.judge = DigitClassifier.train(data.trainImages(), data.trainClasses(), epochs, 1);
        this.judgeAccuracy = judge.accuracy(images(data.valid()), data.validClasses());
    }

    public double judgeAccuracy() {
        return judgeAccuracy;
    }

    public FidelityFigure generated(String model, List<Channel> channels, int h, int w, float[][] samples,
            boolean unstable) {
        int agree = 0;
        for (float[] s : samples) {
            int label = (int) Labels.value(Labels.decode(channels, s, h, w), channels.get(channels.size() - 1).name());
            if (label == judge.predict(Arrays.copyOf(s, imageDims))) {
                agree++;
            }
        }
        return new FidelityFigure(model, "agreement", samples.length, agree / (double) samples.length, judgeAccuracy,
                0, unstable);
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
            agree += labeller.label(image) == judge.predict(image) ? 1 : 0;
        }
        return new FidelityFigure(model, "agreement", samples.length, agree / (double) samples.length, judgeAccuracy,
                0, unstable);
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
