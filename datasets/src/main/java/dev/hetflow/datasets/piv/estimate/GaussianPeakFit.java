package dev.hetflow.datasets.piv.estimate;

/**
 * Three-point sub-pixel peak location. A Gaussian through the peak and its two neighbours when all three are
 * positive (exact for a Gaussian correlation peak), otherwise a parabola.
 */
final class GaussianPeakFit {

    private GaussianPeakFit() {
    }

    /** Offset of the true peak from the centre sample, in (-1/2, 1/2) for a proper maximum. */
    static double offset(double left, double centre, double right) {
        if (left > 0 && centre > 0 && right > 0) {
            double lnL = Math.log(left);
            double lnC = Math.log(centre);
            double lnR = Math.log(right);
            double denominator = 2 * (lnL - 2 * lnC + lnR);
            if (denominator < 0) {
                return clamp((lnL - lnR) / denominator);
            }
        }
        double denominator = 2 * (left - 2 * centre + right);
        return denominator < 0 ? clamp((left - right) / denominator) : 0;
    }

    private static double clamp(double delta) {
        return Math.max(-0.5, Math.min(0.5, delta));
    }
}
