package dev.hetflow.datasets.piv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianNoiseTest {

    @Test
    void quantilesAreTheNormalDistributions() {
        // Phi^-1 at tabulated points (mpmath, 16 digits); Acklam's approximation is good to 1.15e-9 relative
        assertEquals(0.0, GaussianNoise.inverseNormal(0.5), 1e-12);
        assertEquals(1.959963984540054, GaussianNoise.inverseNormal(0.975), 3e-9);
        assertEquals(-2.326347874040841, GaussianNoise.inverseNormal(0.01), 3e-9);
        assertEquals(-4.264890793922602, GaussianNoise.inverseNormal(1e-5), 6e-9);
        // the table is symmetric and its moments are the normal's up to the cut tails (1 - var = 1.5e-4 expected)
        double sum = 0;
        double sumSq = 0;
        int n = GaussianNoise.size();
        for (int i = 0; i < n; i++) {
            assertEquals(-GaussianNoise.quantile(n - 1 - i), GaussianNoise.quantile(i), 1e-9);
            sum += GaussianNoise.quantile(i);
            sumSq += GaussianNoise.quantile(i) * GaussianNoise.quantile(i);
        }
        assertEquals(0, sum / n, 1e-9);
        assertEquals(1, sumSq / n, 5e-4);
    }

    @Test
    void drawsLookNormal() {
        double[] values = new double[400_000];
        GaussianNoise.fill(values, new SplittableRandom(5));
        double sum = 0;
        double sumSq = 0;
        int beyondTwo = 0;
        for (double v : values) {
            sum += v;
            sumSq += v * v;
            beyondTwo += Math.abs(v) > 2 ? 1 : 0;
        }
        // standard errors for 400k draws: mean 0.0016, variance 0.0022, P(|z| > 2) = 0.0455 +- 0.0003
        assertEquals(0, sum / values.length, 0.008);
        assertEquals(1, sumSq / values.length, 0.011);
        assertEquals(0.0455, (double) beyondTwo / values.length, 0.0015);
        assertTrue(values[0] != values[1]);
    }
}
