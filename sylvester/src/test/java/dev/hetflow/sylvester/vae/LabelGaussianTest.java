package dev.hetflow.sylvester.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** A label dimension's density is bounded by the label's quantization, not by an arbitrary e^-7. */
class LabelGaussianTest {

    @Test
    void aCollapsedSigmaStopsAtTheQuantizationNoise() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.constant("x", Nd4j.valueArrayOf(new long[] {1, 1, 2, 2}, 0.3));
        SDVariable rawMean = sd.constant("rm", Nd4j.valueArrayOf(new long[] {1, 1, 2, 2}, Math.log(0.3 / 0.7)));
        SDVariable rawSigma = sd.constant("rs", Nd4j.valueArrayOf(new long[] {1, 1, 2, 2}, -1e3));
        double logP = LabelGaussian.logDensity(sd, x, rawMean, rawSigma).eval().getDouble(0) / 4;
        double bits = -logP / Math.log(2);
        // at x = mean and sigma at its floor q / sqrt 12 (q = 1/256): -log2 N = log2(sqrt(2 pi) q / sqrt 12) = -8.47
        double expected = (0.5 * Math.log(2 * Math.PI) - Math.log(256) - 0.5 * Math.log(12)) / Math.log(2);
        assertEquals(expected, bits, 1e-6);
        assertTrue(bits > -8.5, "a label dimension must not reach the -8.8 bits of the old e^-7 floor, got " + bits);
    }
}
