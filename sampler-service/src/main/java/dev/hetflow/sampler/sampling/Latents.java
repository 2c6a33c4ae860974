package dev.hetflow.sampler.sampling;

/** Latent draws: standard normal scaled by the temperature, reproducible from a seed (java.util.Random's sequence). */
final class Latents {

    private Latents() {
    }

    /** {@code rows} latents of {@code size} values each, z ~ N(0, temperature^2). */
    static float[] gaussian(long seed, int rows, int size, double temperature) {
        LatentRandom random = new LatentRandom(seed);
        float[] z = new float[rows * size];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (random.nextGaussian() * temperature);
        }
        return z;
    }

    /** {@code latents} plus noise drawn uniformly from [-maxNoise, maxNoise] (the paper's Fig. 4 neighbours). */
    static float[] neighbours(float[] latent, int rows, double maxNoise, long seed) {
        LatentRandom random = new LatentRandom(seed);
        float[] z = new float[rows * latent.length];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < latent.length; i++) {
                z[r * latent.length + i] = (float) (latent[i] + (2 * random.nextDouble() - 1) * maxNoise);
            }
        }
        return z;
    }
}
