package dev.hetflow.datasets.judge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The digit judge is accurate on held-out real digits and its verdict separates agreement from chance. */
class DigitJudgeTest {

    static final Path SHARED = Path.of(System.getProperty("hetflow.shared.data", "../../shared/data"), "mnist");

    @Test
    void atLeast97PercentOnHeldOutDigitsAtBothSizes() {
        for (int side : new int[] {28, 14}) {
            FittedDigitJudge fitted = FittedDigitJudge.onTestSplit(SHARED, side);
            System.out.printf("digit judge %dx%d: %d digits fitted, accuracy %.4f on %d held out%n", side, side,
                    fitted.fitted(), fitted.accuracy(), fitted.heldOut());
            assertEquals(2000, fitted.heldOut());
            assertTrue(fitted.accuracy() >= 0.97, "accuracy " + fitted.accuracy() + " at " + side);
        }
    }

    @Test
    void verdictGivesAgreementKappaAndBothHistograms() {
        FittedDigitJudge fitted = FittedDigitJudge.onTestSplit(SHARED, 14);
        float[][] images = fitted.heldOutImages();
        int[] truth = fitted.heldOutClasses();
        DigitVerdict right = fitted.judge().judge(images, truth, fitted.accuracy());
        assertEquals(fitted.accuracy(), right.agreement(), 1e-12, "real digits with their classes: the accuracy");
        assertTrue(right.kappa() > 0.96, "kappa " + right.kappa());
        int[] histogram = new int[10];
        for (int k : truth) {
            histogram[k]++;
        }
        assertArrayEquals(histogram, right.generatedHistogram());
        int[] shifted = new int[truth.length];
        for (int i = 0; i < truth.length; i++) {
            shifted[i] = truth[(i + 1) % truth.length]; // classes of other digits
        }
        DigitVerdict wrong = fitted.judge().judge(images, shifted, fitted.accuracy());
        assertEquals(0, wrong.kappa(), 0.05, "unrelated classes agree only by chance");
        // images far outside [0, 1] are clipped, not read as extreme digits
        float[] bright = new float[196];
        java.util.Arrays.fill(bright, 40f);
        float[] white = new float[196];
        java.util.Arrays.fill(white, 1f);
        assertEquals(fitted.judge().classify(white), fitted.judge().classify(bright));
    }
}
