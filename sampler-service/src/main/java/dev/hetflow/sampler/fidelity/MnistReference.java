package dev.hetflow.sampler.fidelity;

import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.mnist.DigitClassifier;
import dev.hetflow.datasets.mnist.MnistSource;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.SampleStream;
import dev.hetflow.datasets.tensor.StreamOptions;
import dev.hetflow.datasets.tensor.TensorSample;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The classifier trained on real digits (MNIST's t10k split: the first 80 % to train, the rest held out) and its
 * accuracy on the held-out digits, the figure to read generated-label agreement beside.
 *
 * @param classifier the trained classifier
 * @param accuracy   its accuracy on real held-out digits
 * @param heldOut    how many digits were held out
 */
record MnistReference(DigitClassifier classifier, double accuracy, int heldOut) {

    private static final Logger LOG = Logger.getLogger(MnistReference.class);
    static final int EPOCHS = 5;

    static MnistReference train(Path folder) {
        long start = System.nanoTime();
        StreamOptions options = new StreamOptions(Split.TEST, 10_000, 0, Layout.HETEROGENEOUS, Dequantization.NONE);
        MnistSource source = MnistSource.open(folder, options);
        int n = (int) source.count();
        int plane = source.height() * source.width();
        float[][] images = new float[n][];
        int[] labels = new int[n];
        try (SampleStream stream = source.open()) {
            for (int i = 0; i < n; i++) {
                TensorSample s = stream.next();
                images[i] = java.util.Arrays.copyOf(s.values(), plane);
                labels[i] = source.channels().get(1).decodeLevel(s.channelMean(1));
            }
        }
        int train = n * 4 / 5;
        DigitClassifier classifier = DigitClassifier.train(java.util.Arrays.copyOf(images, train),
                java.util.Arrays.copyOf(labels, train), EPOCHS, 1);
        float[][] testImages = java.util.Arrays.copyOfRange(images, train, n);
        int[] testLabels = java.util.Arrays.copyOfRange(labels, train, n);
        double accuracy = classifier.accuracy(testImages, testLabels);
        LOG.infof("digit classifier: %d real digits, held-out accuracy %.3f on %d, %d ms", train, accuracy,
                n - train, (System.nanoTime() - start) / 1_000_000);
        return new MnistReference(classifier, accuracy, n - train);
    }
}
