package dev.hetflow.experiments.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.datasets.piv.PivSample;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.estimate.PivEstimator;
import dev.hetflow.experiments.data.DatasetLoader;
import org.junit.jupiter.api.Test;

class GradientFlowEstimatorTest {

    @Test
    void recoversTheShiftOfASmoothPattern() {
        // B(x) = A(x - d) for a smooth analytic pattern: the estimate must match d; a smooth pattern has no aliasing,
        // and the bilinear warp and central differences bias a Gaussian-blurred pattern by well under 0.02 px
        int w = 32;
        double dx = 1.3;
        double dy = -0.7;
        double[] a = new double[w * w];
        double[] b = new double[w * w];
        for (int y = 0; y < w; y++) {
            for (int x = 0; x < w; x++) {
                a[y * w + x] = pattern(x, y);
                b[y * w + x] = pattern(x - dx, y - dy);
            }
        }
        double[] d = GradientFlowEstimator.estimate(a, b, w, w);
        assertEquals(dx, d[0], 0.02);
        assertEquals(dy, d[1], 0.02);
    }

    @Test
    void readsSyntheticPivPairsWithinATenthOfAPixel() {
        // the experiments' uniform-flow pairs (up to 4 px): the cross-correlation estimator reaches ~0.03 px RMS,
        // the gradient labeller must stay within 0.1 px RMS to be a credible baseline labeller
        PivSource source = DatasetLoader.pivHeldOut(32, 40);
        double sum = 0;
        for (int i = 0; i < 40; i++) {
            PivSample p = source.synthesizer().sample(i);
            double[] d = GradientFlowEstimator.estimate(PivEstimator.greyLevels(p.frameA()),
                    PivEstimator.greyLevels(p.frameB()), 32, 32);
            sum += Math.pow(d[0] - p.meanU(), 2) + Math.pow(d[1] - p.meanV(), 2);
        }
        double rms = Math.sqrt(sum / 40);
        assertTrue(rms < 0.1, "RMS " + rms + " px");
    }

    @Test
    void aBlankPairHasNoEstimate() {
        double[] d = GradientFlowEstimator.estimate(new double[256], new double[256], 16, 16);
        assertTrue(Double.isNaN(d[0]) && Double.isNaN(d[1]));
    }

    private static double pattern(double x, double y) {
        return Math.sin(0.4 * x) * Math.cos(0.3 * y) + 0.5 * Math.sin(0.25 * (x + y));
    }
}
