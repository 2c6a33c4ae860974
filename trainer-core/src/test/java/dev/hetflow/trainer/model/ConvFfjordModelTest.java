package dev.hetflow.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.dynamics.Activation;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConvFfjordModelTest {

    private static final SampleShape SHAPE = new SampleShape(2, 2, 8, 8);
    private static final ConvFfjordSettings SMALL = new ConvFfjordSettings(2, List.of(4), Activation.SOFTPLUS, 2,
            0.5, 1e-6);

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
        try (FfjordModel m = new FfjordModel(SMALL, SHAPE, 1, 0.01)) {
            StepResult first = m.trainStep(batch(1));
            assertTrue(first.finite(), String.valueOf(first));
            assertTrue(first.nfe() > 0, "NFE counted over the reachable CNF blocks");
            ModelSnapshot snap = m.snapshot();
            m.restore(snap);
            double a = m.trainStep(batch(2)).loss();
            m.restore(snap);
            assertEquals(a, m.trainStep(batch(2)).loss(), 0.0, "same snapshot, same probes, same step");
            assertTrue(Double.isFinite(m.evaluateBitsPerDim(batch(3))));
        }
    }
}
