package dev.hetflow.sampler.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A seed must keep drawing the latents it drew with java.util.Random: compared bit for bit. */
class LatentsTest {

    private static final long[] SEEDS = {0, 1, -1, 42, Long.MAX_VALUE, Long.MIN_VALUE, 0x5DEECE66DL};

    @Test
    void gaussianLatentsAreJavaUtilRandomsSequence() {
        for (long seed : SEEDS) {
            for (double temperature : new double[] {1.0, 0.7}) {
                Random random = new Random(seed);
                float[] expected = new float[3 * 101];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = (float) (random.nextGaussian() * temperature);
                }
                assertArrayEquals(expected, Latents.gaussian(seed, 3, 101, temperature), "seed " + seed);
            }
        }
    }

    @Test
    void neighbourNoiseIsJavaUtilRandomsSequence() {
        float[] latent = {0.5f, -1.25f, 2f, 0f, 3.5f};
        for (long seed : SEEDS) {
            Random random = new Random(seed);
            float[] expected = new float[4 * latent.length];
            for (int r = 0; r < 4; r++) {
                for (int i = 0; i < latent.length; i++) {
                    expected[r * latent.length + i] = (float) (latent[i] + (2 * random.nextDouble() - 1) * 0.3);
                }
            }
            assertArrayEquals(expected, Latents.neighbours(latent, 4, 0.3, seed), "seed " + seed);
        }
    }
}
