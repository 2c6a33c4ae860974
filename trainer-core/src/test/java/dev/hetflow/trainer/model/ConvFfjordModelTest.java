package dev.hetflow.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.dynamics.Activation;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConvFfjordModelTest {

    private static final SampleShape SHAPE = new SampleShape(2, 2, 8, 8);
    private static final FfjordConvSpec SMALL = new FfjordConvSpec(2, List.of(4), Activation.SOFTPLUS, 0.5, 1e-6,
            SolverSpec.rk4(2), SolverSpec.rk4(2));

    private static Batch batch(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[4 * SHAPE.dimensions()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (0.05 + 0.9 * r.nextDouble());
        }
        return new Batch(v, 4, SHAPE);
    }

    @Test
    void multiscaleConvModelTrainsAndRestoresRepeatably() {
        try (GenerativeModel m = SMALL.build(SHAPE, 1)) {
            StepResult first = m.trainStep(batch(1), 0.01);
            assertTrue(first.finite(), String.valueOf(first));
            // 2 scales: 4 blocks at scale 0 and 2 behind the factor-out, each RK4 with 2 steps of 4 stages; backprop
            // through the taped solve evaluates nothing more
            assertEquals(6 * 2 * 4, first.nfe(), "NFE counts every block, behind the factor-out too");
            ModelSnapshot snap = m.snapshot();
            m.restore(snap);
            double a = m.trainStep(batch(2), 0.01).loss();
            m.restore(snap);
            assertEquals(a, m.trainStep(batch(2), 0.01).loss(), 0.0, "same snapshot, same probes, same step");
            assertTrue(Double.isFinite(m.evaluate(batch(3)).bitsPerDim()));
        }
    }
}
