package dev.hetflow.sylvester.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lane logistic on a plane whose length is not a whole number of vectors: the partial last vector's pixels
 * count once and the padding not at all (KernelStepParityTest holds the formulas to the graph on whole planes).
 */
class LogisticLanesTest {

    @Test
    void aPartialLastVectorSumsOnlyItsPixels() {
        int pixels = 13;
        int padded = LogisticLanes.padded(pixels);
        Random random = new Random(3);
        double[] mu = new double[padded];
        double[] raw = new double[padded];
        double[] x = new double[padded];
        double[] low = new double[padded];
        double[] high = new double[padded];
        for (int p = 0; p < padded; p++) {
            mu[p] = random.nextGaussian() * 0.3;
            raw[p] = random.nextGaussian();
            int level = p == 0 ? 0 : p == 1 ? 255 : random.nextInt(256);
            x[p] = level / 255.0;
            low[p] = level == 0 ? 1 : 0;
            high[p] = level == 255 ? 1 : 0;
        }
        double[] gMu = new double[padded];
        double[] gRaw = new double[padded];
        double whole = LogisticLanes.plane(mu, raw, x, low, high, pixels, 0.5, gMu, gRaw);
        double separately = 0;
        for (int p = 0; p < pixels; p++) {
            double[] oneG = new double[padded];
            double[] oneRaw = new double[padded];
            double[][] single = {new double[padded], new double[padded], new double[padded], new double[padded],
                    new double[padded]};
            single[0][0] = mu[p];
            single[1][0] = raw[p];
            single[2][0] = x[p];
            single[3][0] = low[p];
            single[4][0] = high[p];
            separately += LogisticLanes.plane(single[0], single[1], single[2], single[3], single[4], 1, 0.5, oneG,
                    oneRaw);
            // the same formulas on the same inputs; the two calls may run in different JIT tiers (the interpreter's
            // Java math against compiled vector math routines, a few ulps apart): 1e-13 relative
            assertEquals(gMu[p], oneG[0], 1e-13 * Math.abs(gMu[p]), "d/dmu at " + p);
            assertEquals(gRaw[p], oneRaw[0], 1e-13 * Math.abs(gRaw[p]), "d/draw at " + p);
        }
        // the same 13 terms summed in another order: 1e-12 relative is far above that rounding, far below a term
        assertEquals(separately, whole, 1e-12 * Math.abs(separately));
    }
}
