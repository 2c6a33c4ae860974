package dev.hetflow.datasets.judge;

/**
 * What a generated PIV set must show to pass: labels close to what the judge reads from their frames, few failures,
 * a spread of labels like the data's, and an error clearly below chance (labels shuffled among the samples).
 *
 * @param maxRmsPx        highest label RMS against the judge, px
 * @param maxFailureShare highest share of pairs without a valid correlation peak
 * @param minSpreadRatio  lowest spread of generated labels over the data's
 * @param maxSpreadRatio  highest spread ratio
 */
public record PivCriteria(double maxRmsPx, double maxFailureShare, double minSpreadRatio, double maxSpreadRatio) {

    /** The demo's target (issue 13): RMS <= 1 px, failures <= 10 %, spread ratio in [0.8, 1.2]. */
    public static final PivCriteria DEMO = new PivCriteria(1.0, 0.10, 0.8, 1.2);

    public PivCriteria {
        if (!(maxRmsPx > 0) || !(maxFailureShare >= 0 && maxFailureShare <= 1)
                || !(minSpreadRatio >= 0 && maxSpreadRatio >= minSpreadRatio)) {
            throw new IllegalArgumentException("invalid PIV criteria: rms " + maxRmsPx + ", failures "
                    + maxFailureShare + ", spread " + minSpreadRatio + ".." + maxSpreadRatio);
        }
    }
}
