package dev.hetflow.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hetflow.datasets.manifest.DecodedLabel;
import dev.hetflow.datasets.tensor.ClassEncoding;
import dev.hetflow.experiments.fidelity.Labels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MNIST in the one-hot class layout: the same digits and classes as the ordinal one, classes decoded by argmax. */
class OneHotMnistTest {

    private static final Path MNIST = Path.of(System.getProperty("hetflow.shared.data", "../../shared/data"), "mnist");

    @Test
    void oneHotLayoutKeepsTheClassesAndDecodesThemByArgmax() {
        Dataset ordinal = DatasetLoader.mnist(MNIST, 40, 20, 14);
        Dataset onehot = DatasetLoader.mnist(MNIST, 40, 20, 14, ClassEncoding.ONEHOT);

        assertEquals(12, onehot.channels().size(), "image, the ordinal class and 10 indicators");
        assertEquals(1, onehot.imageChannels());
        assertEquals(14 * 14, onehot.imageDims());
        assertEquals(14 * 14, onehot.trainImages()[0].length, "the labellers' images hold the image channel only");
        // read from the class channel, not from the last indicator
        assertArrayEquals(ordinal.trainClasses(), onehot.trainClasses());
        assertArrayEquals(ordinal.validClasses(), onehot.validClasses());
        for (int i = 0; i < onehot.valid().length; i++) {
            float[] sample = onehot.valid()[i];
            // the ordinal channel says class 0 everywhere: only the indicators can give the true class back
            java.util.Arrays.fill(sample, onehot.imageDims(), onehot.imageDims() + 14 * 14, 0.01f);
            List<DecodedLabel> labels = Labels.decode(onehot.channels(), sample, 14, 14);
            assertEquals(onehot.validClasses()[i], (int) Labels.value(labels, "class"), "held-out digit " + i);
        }
        for (int i = 0; i < 5; i++) {
            // fresh noise on every read keeps each indicator in its level's cell: the class survives
            float[] sample = onehot.train().apply(i);
            assertEquals(onehot.trainClasses()[i],
                    (int) Labels.value(Labels.decode(onehot.channels(), sample, 14, 14), "class"));
        }
    }
}
