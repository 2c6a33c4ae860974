package dev.hetflow.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.sylvester.flows.FlowType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SnfModelTest {

    private static final SampleShape SHAPE = new SampleShape(1, 1, 28, 28);

    private static Batch batch(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[4 * SHAPE.dimensions()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((Math.floor(r.nextDouble() * 256) + 0.5) / 256);
        }
        return new Batch(v, 4, SHAPE);
    }

    @Test
    void stepsAnnealBetaAndASnapshotRestoresParametersOptimizerAndStep() {
        SnfSpec tiny = new SnfSpec(FlowType.HOUSEHOLDER, 4, 1, 2, 2, 8, 0.01, 10L, 2);
        try (GenerativeModel a = tiny.build(SHAPE, 3); GenerativeModel b = tiny.build(SHAPE, 4)) {
            StepResult first = a.trainStep(batch(1), 0.001);
            assertTrue(first.finite());
            assertEquals(0.01, first.parts().get("beta"), 1e-12, "beta starts at 0.01");
            a.trainStep(batch(2), 0.001);
            ModelSnapshot snap = a.snapshot();
            b.restore(snap);
            assertEquals(2, b.step());
            // beta after 2 of 10 warm-up steps: 0.01 + 0.99 * 0.2
            assertEquals(0.208, b.trainStep(batch(3), 0.001).parts().get("beta"), 1e-9);
            assertEquals(snap.state().length, b.snapshot().state().length);
            Evaluation e = b.evaluate(batch(4));
            assertTrue(Double.isFinite(e.bitsPerDim()));
            assertEquals(e.bitsPerDim(), e.trainSolverBitsPerDim(), 0.0, "no ODE: one figure");
            assertEquals(2, b.encode(b.sample(2, 0)).length);
        }
    }
}
