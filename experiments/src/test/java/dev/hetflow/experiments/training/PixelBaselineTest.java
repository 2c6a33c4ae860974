package dev.hetflow.experiments.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.experiments.data.Dataset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-pixel baseline against exact results. */
class PixelBaselineTest {

    private static Dataset data(float[][] train, float[][] valid) {
        return new Dataset("toy", List.of(Channel.greyLevels("x"), Channel.greyLevels("y")), 1, 1, train.length,
                i -> train[(int) i], valid, null, null, null);
    }

    @Test
    void aPixelThatNeverChangesCostsOnlyTheSmoothing() {
        // n = 1000 samples at one level: p = 1001 / 1256 for that level on both pixels
        float[][] train = new float[1000][];
        for (int i = 0; i < train.length; i++) {
            train[i] = new float[] {(7 + 0.5f) / 256, (200 + 0.25f) / 256};
        }
        double bits = PixelBaseline.bitsPerDim(data(train, new float[][] {train[0]}), 1000);
        assertEquals(-Math.log(1001.0 / 1256) / Math.log(2), bits, 1e-12);
    }

    @Test
    void uniformLevelsCostAboutEightBits() {
        Random rng = new Random(1);
        float[][] train = new float[200_000][];
        for (int i = 0; i < train.length; i++) {
            train[i] = new float[] {(rng.nextInt(256) + rng.nextFloat()) / 256,
                (rng.nextInt(256) + rng.nextFloat()) / 256};
        }
        float[][] valid = java.util.Arrays.copyOf(train, 2000);
        // 781 samples per level: the histogram's relative noise ~ 1/sqrt(781) moves the figure by ~1e-3 bits
        assertEquals(8.0, PixelBaseline.bitsPerDim(data(train, valid), train.length), 0.01);
    }

    @Test
    void learnedNeedsBothTheImageAndTheLabelBound() {
        assertTrue(PixelBaseline.learned(4.0, -0.5, 5.0));
        assertFalse(PixelBaseline.learned(5.0, -0.5, 5.0));
        assertFalse(PixelBaseline.learned(4.0, 0.0, 5.0));
        assertFalse(PixelBaseline.learned(Double.NaN, -1, 5.0));
    }
}
