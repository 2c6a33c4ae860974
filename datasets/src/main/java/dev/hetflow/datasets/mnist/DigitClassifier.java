package dev.hetflow.datasets.mnist;

import java.util.Random;

/**
 * Multinomial logistic regression on 28x28 grey images (normalized to (0,1)), trained by SGD: the reference classifier
 * that labels generated digits (the sampler's label fidelity and the experiments report share it). Small and fast
 * (a few seconds on 8,000 digits), about 90 % accurate on MNIST.
 */
public final class DigitClassifier {

    public static final int CLASSES = 10;

    private final int features;
    private final float[] weights;
    private final float[] bias = new float[CLASSES];

    private DigitClassifier(int features) {
        this.features = features;
        this.weights = new float[CLASSES * features];
    }

    public static DigitClassifier train(float[][] images, int[] labels, int epochs, long seed) {
        DigitClassifier c = new DigitClassifier(images[0].length);
        Random random = new Random(seed);
        int[] order = new int[images.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        double[] p = new double[CLASSES];
        for (int epoch = 0; epoch < epochs; epoch++) {
            float rate = (float) (0.5 / (1 + epoch));
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int i : order) {
                c.probabilities(images[i], p);
                for (int k = 0; k < CLASSES; k++) {
                    float g = (float) (p[k] - (k == labels[i] ? 1 : 0)) * rate;
                    c.bias[k] -= g;
                    int row = k * c.features;
                    for (int f = 0; f < c.features; f++) {
                        c.weights[row + f] -= g * images[i][f];
                    }
                }
            }
        }
        return c;
    }

    public int predict(float[] image) {
        double[] p = new double[CLASSES];
        probabilities(image, p);
        int best = 0;
        for (int k = 1; k < CLASSES; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    public double accuracy(float[][] images, int[] labels) {
        int right = 0;
        for (int i = 0; i < images.length; i++) {
            if (predict(images[i]) == labels[i]) {
                right++;
            }
        }
        return right / (double) images.length;
    }

    public int features() {
        return features;
    }

    private void probabilities(float[] x, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < CLASSES; k++) {
            double s = bias[k];
            int row = k * features;
            for (int f = 0; f < features; f++) {
                s += weights[row + f] * x[f];
            }
            p[k] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < CLASSES; k++) {
            p[k] = Math.exp(p[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < CLASSES; k++) {
            p[k] /= sum;
        }
    }
}
