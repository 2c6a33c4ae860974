package dev.hetflow.experiments.training;

import dev.hetflow.experiments.data.Dataset;

/**
 * The per-pixel independent baseline a model must beat to count as learned: for every image pixel a histogram of its
 * 256 grey levels over the training samples (add-one smoothing, so an unseen level costs log2(n + 256) bits, not
 * infinity), evaluated on the held-out samples as bits per image dimension of the dequantized density (a level's
 * probability spread uniformly over its cell of width 1/256, the images' own convention).
 */
public final class PixelBaseline {

    private static final int LEVELS = 256;

    private PixelBaseline() {
    }

    /** Fits on the first {@code trainSamples} training samples and returns held-out bits per image dimension. */
    public static double bitsPerDim(Dataset data, int trainSamples) {
        int dims = data.imageDims();
        int n = (int) Math.min(trainSamples, data.trainCount());
        if (n <= 0 || data.valid().length == 0) {
            throw new IllegalArgumentException("the baseline needs training and held-out samples");
        }
        int[][] counts = new int[dims][LEVELS];
        for (int i = 0; i < n; i++) {
            float[] sample = data.train().apply(i);
            for (int p = 0; p < dims; p++) {
                counts[p][level(sample[p])]++;
            }
        }
        double bits = 0;
        for (float[] sample : data.valid()) {
            for (int p = 0; p < dims; p++) {
                double probability = (counts[p][level(sample[p])] + 1.0) / (n + LEVELS);
                bits -= Math.log(probability) / Math.log(2);
            }
        }
        return bits / ((double) dims * data.valid().length);
    }

    /** The 8-bit level of a normalized value (k + u) / 256: floor(256 v), clamped to 0..255. */
    static int level(float v) {
        return Math.max(0, Math.min(LEVELS - 1, (int) Math.floor(v * LEVELS)));
    }

    /**
     * Whether a heterogeneous run learned anything: its image bits/dim below the baseline's and its label bits/dim
     * below 0 (below a uniform density over the label's normalized range).
     */
    public static boolean learned(double imageBitsPerDim, double labelBitsPerDim, double baselineBitsPerDim) {
        return imageBitsPerDim < baselineBitsPerDim && labelBitsPerDim < 0;
    }
}
