package dev.hetflow.datasets.judge;

import dev.hetflow.datasets.piv.PivSample;
import dev.hetflow.datasets.piv.estimate.PivEstimator;

/**
 * A PIV pair to judge with the label it comes with.
 *
 * @param frameA row-major grey values of the first frame, any scale (levels 0..255 or normalized)
 * @param frameB the second frame, same size
 * @param u      the pair's label along x, px (generated, or the true one for real pairs)
 * @param v      the label along y, px
 */
public record PivPair(double[] frameA, double[] frameB, double u, double v) {

    /** A synthesized pair with its true (mean) displacement. */
    public static PivPair of(PivSample sample) {
        return new PivPair(PivEstimator.greyLevels(sample.frameA()), PivEstimator.greyLevels(sample.frameB()),
                sample.meanU(), sample.meanV());
    }

    /**
     * Frames {@code a} and {@code b} of a (C, H, W) tensor (a generated sample) with its decoded label; each frame
     * is clipped to [0, 1] (the range real frames have) and a non-finite value reads as 0.
     */
    public static PivPair of(float[] tensor, int a, int b, int width, int height, double u, double v) {
        return new PivPair(clipped(PivEstimator.channel(tensor, a, width, height)),
                clipped(PivEstimator.channel(tensor, b, width, height)), u, v);
    }

    private static double[] clipped(double[] frame) {
        for (int i = 0; i < frame.length; i++) {
            frame[i] = Double.isFinite(frame[i]) ? Math.max(0, Math.min(1, frame[i])) : 0;
        }
        return frame;
    }
}
