package dev.hetflow.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.dynamics.Activation;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ffjord-class's {@code rnode} weight reaches training: the same seed and batches with and without RNODE give the same
 * first loss (the penalty is not part of the reported NLL) but different weights once the CNF block moves (its zero
 * output layer makes both penalties and their gradients zero at the first step).
 */
class ClassModelRegularizationTest {

    private static final SampleShape SHAPE = new SampleShape(1, 1, 4, 4);

    private static Batch batch(int i) {
        Random r = new Random(i);
        float[] v = new float[4 * SHAPE.dimensions()];
        for (int row = 0; row < 4; row++) {
            int k = (row + i) % 3;
            for (int p = 0; p < 32; p++) {
                v[row * 32 + p] = p < 16 ? 0.1f + 0.8f * r.nextFloat() : (k + 0.05f + 0.9f * r.nextFloat()) / 3;
            }
        }
        return new Batch(v, 4, SHAPE);
    }

    private static float[] train(double rnode, double[] firstLoss) {
        try (GenerativeModel m = new FfjordClassSpec(1, List.of(4), Activation.SOFTPLUS, 1.0, 3, null, null, rnode,
                SolverSpec.rk4(2), null).build(SHAPE, 3)) {
            for (int i = 0; i < 4; i++) {
                double loss = m.trainStep(batch(i), 0.05).loss();
                assertTrue(Double.isFinite(loss), "step " + i + " loss " + loss);
                if (i == 0) {
                    firstLoss[0] = loss;
                }
            }
            return m.snapshot().state();
        }
    }

    @Test
    void rnodeChangesTheTrainedWeightsNotTheReportedNll() {
        double[] plain = new double[1];
        double[] regularized = new double[1];
        float[] a = train(0, plain);
        float[] b = train(0.5, regularized);
        // identical arithmetic up to the first update: the first NLL is the same number
        assertEquals(plain[0], regularized[0], 1e-6 * Math.abs(plain[0]));
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        // Adam moves a weight by up to lr = 0.05 per step: a penalty that reaches the gradient changes some by far
        // more than float rounding
        assertTrue(diff > 1e-4, "weights with and without RNODE differ by " + diff);
    }
}
