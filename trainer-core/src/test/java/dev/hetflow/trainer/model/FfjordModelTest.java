package dev.hetflow.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.dynamics.TimeConditioning;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FfjordModelTest {

    private static final SampleShape SHAPE = new SampleShape(1, 1, 4, 4);

    static FfjordSettings tiny(DivergenceMode divergence) {
        return new FfjordSettings(List.of(16), 1, 4, 1.0, TimeConditioning.CONCATSQUASH, Activation.TANH,
                divergence, divergence);
    }

    static Batch batch(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * SHAPE.dimensions()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (0.3 + 0.4 * r.nextDouble());
        }
        return new Batch(v, n, SHAPE);
    }

    @Test
    void trainingLowersTheLossOnAFixedBatch() {
        try (FfjordModel m = new FfjordModel(tiny(DivergenceMode.EXACT), SHAPE, 1, 0.01)) {
            Batch b = batch(2, 16);
            double first = m.evaluateBitsPerDim(b);
            for (int i = 0; i < 30; i++) {
                assertTrue(m.trainStep(b).finite());
            }
            double last = m.evaluateBitsPerDim(b);
            assertTrue(last < first - 0.05, "bits/dim " + first + " -> " + last);
            assertEquals(30, m.step());
        }
    }

    @Test
    void restoreContinuesExactlyLikeTheUninterruptedRun() {
        // EXACT divergence draws no probes, so a restored model must repeat the uninterrupted run bit for bit
        try (FfjordModel a = new FfjordModel(tiny(DivergenceMode.EXACT), SHAPE, 3, 0.01);
             FfjordModel b = new FfjordModel(tiny(DivergenceMode.EXACT), SHAPE, 99, 0.5)) {
            for (int i = 0; i < 5; i++) {
                a.trainStep(batch(i, 8));
            }
            ModelSnapshot snap = a.snapshot();
            double continued = a.trainStep(batch(7, 8)).loss();
            b.restore(snap);
            assertEquals(5, b.step());
            assertEquals(0.01, b.learningRate(), 1e-9);
            assertEquals(continued, b.trainStep(batch(7, 8)).loss(), 0.0);
        }
    }

    @Test
    void hutchinsonRunsRestoredFromOneSnapshotDrawTheSameProbes() {
        try (FfjordModel a = new FfjordModel(tiny(DivergenceMode.HUTCHINSON_RADEMACHER), SHAPE, 3, 0.01)) {
            a.trainStep(batch(1, 8));
            ModelSnapshot snap = a.snapshot();
            a.restore(snap);
            double first = a.trainStep(batch(2, 8)).loss();
            double second = a.trainStep(batch(3, 8)).loss();
            a.restore(snap);
            assertEquals(first, a.trainStep(batch(2, 8)).loss(), 0.0);
            assertEquals(second, a.trainStep(batch(3, 8)).loss(), 0.0);
        }
    }

    @Test
    void bitsPerDimCountsTheEightBitImageDimensions() {
        try (FfjordModel m = new FfjordModel(tiny(DivergenceMode.EXACT), SHAPE, 1, 0.01)) {
            // NLL 0 in normalized space: only the 16 image dims' ln 256 remains, over 32 dims -> 4 bits/dim
            assertEquals(4.0, m.bitsPerDim(0), 1e-12);
        }
    }
}
