package dev.hetflow.experiments.generation;

import java.util.SplittableRandom;

/**
 * The paper's Fig. 4: neighbours of a real observation x. Its latent z = f(x) is perturbed by noise drawn uniformly
 * from [-m, m] in every latent dimension and decoded, for noise maxima m = 0.1 ... 0.5.
 */
public final class Neighbours {

    public static final double[] NOISE_MAXIMA = {0.1, 0.2, 0.3, 0.4, 0.5};

    private Neighbours() {
    }

    /** {@code count} perturbed copies of {@code z}, each coordinate shifted by U(-max, max). */
    public static float[][] perturb(float[] z, double max, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] out = new float[count][z.length];
        for (int k = 0; k < count; k++) {
            for (int i = 0; i < z.length; i++) {
                out[k][i] = (float) (z[i] + max * (2 * random.nextDouble() - 1));
            }
        }
        return out;
    }
}
