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

    static FfjordMlpSpec tiny(DivergenceMode divergence) {
        return new FfjordMlpSpec(List.of(16), 1, 1.0, TimeConditioning.CONCATSQUASH, Activation.TANH,
                divergence, divergence, SolverSpec.rk4(4), null);
    }

    private static FfjordModel model(DivergenceMode divergence, long seed) {
        return (FfjordModel) tiny(divergence).build(SHAPE, seed);
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
        try (FfjordModel m = model(DivergenceMode.EXACT, 1)) {
            Batch b = batch(2, 16);
            double first = m.evaluate(b).bitsPerDim();
            for (int i = 0; i < 30; i++) {
                assertTrue(m.trainStep(b, 0.01).finite());
            }
            double last = m.evaluate(b).bitsPerDim();
            assertTrue(last < first - 0.05, "bits/dim " + first + " -> " + last);
            assertEquals(30, m.step());
        }
    }

    @Test
    void restoreContinuesExactlyLikeTheUninterruptedRun() {
        // EXACT divergence draws no probes, so a restored model must repeat the uninterrupted run bit for bit
        try (FfjordModel a = model(DivergenceMode.EXACT, 3);
             FfjordModel b = model(DivergenceMode.EXACT, 99)) {
            for (int i = 0; i < 5; i++) {
                a.trainStep(batch(i, 8), 0.01);
            }
            ModelSnapshot snap = a.snapshot();
            a.trainStep(batch(7, 8), 0.01);
            double continued = a.trainStep(batch(8, 8), 0.01).loss();
            b.restore(snap);
            assertEquals(5, b.step());
            b.trainStep(batch(7, 8), 0.01);
            assertEquals(continued, b.trainStep(batch(8, 8), 0.01).loss(), 0.0);
        }
    }

    @Test
    void hutchinsonRunsRestoredFromOneSnapshotDrawTheSameProbes() {
        try (FfjordModel a = model(DivergenceMode.HUTCHINSON_RADEMACHER, 3)) {
            a.trainStep(batch(1, 8), 0.01);
            ModelSnapshot snap = a.snapshot();
            a.restore(snap);
            double first = a.trainStep(batch(2, 8), 0.01).loss();
            double second = a.trainStep(batch(3, 8), 0.01).loss();
            a.restore(snap);
            assertEquals(first, a.trainStep(batch(2, 8), 0.01).loss(), 0.0);
            assertEquals(second, a.trainStep(batch(3, 8), 0.01).loss(), 0.0);
        }
    }

    @Test
    void bitsPerDimCountsTheEightBitImageDimensions() {
        try (FfjordModel m = model(DivergenceMode.EXACT, 1)) {
            // NLL 0 in normalized space: only the 16 image dims' ln 256 remains, over 32 dims -> 4 bits/dim
            assertEquals(4.0, m.bitsPerDim(0), 1e-12);
        }
    }

    @Test
    void bitsPerDimComeFromTheEvaluationSolverWithTheTrainingSolversBeside() {
        // exact trace: both figures are deterministic, so they differ only by the solvers' integration error
        FfjordMlpSpec coarse = tiny(DivergenceMode.EXACT).withSolvers(new SolverSpec(SolverSpec.Method.EULER, 1,
                null, null), SolverSpec.dopri5(1e-5));
        try (GenerativeModel m = coarse.build(SHAPE, 1)) {
            Batch b = batch(2, 8);
            for (int i = 0; i < 20; i++) {
                m.trainStep(b, 0.05);
            }
            Evaluation e = m.evaluate(b);
            Evaluation again = m.evaluate(b);
            assertEquals(e.bitsPerDim(), again.bitsPerDim(), 1e-9, "dopri5 with the exact trace is deterministic");
            // dopri5 makes 2 + 7 per attempted step evaluations: more than one Euler step's single one
            assertTrue(e.nfe() >= 9, "adaptive NFE " + e.nfe());
            assertTrue(Math.abs(e.bitsPerDim() - e.trainSolverBitsPerDim()) > 1e-6,
                    "one Euler step is not the ODE's solution: " + e);
            assertEquals("dopri5, atol 1.0E-5, rtol 1.0E-5", m.evaluationMethod());
        }
        // the same net with a fine grid agrees with dopri5 to the solvers' tolerance
        FfjordMlpSpec fine = tiny(DivergenceMode.EXACT).withSolvers(SolverSpec.rk4(64), SolverSpec.dopri5(1e-7));
        try (GenerativeModel m = fine.build(SHAPE, 1)) {
            Evaluation e = m.evaluate(batch(2, 8));
            // float32 states: 1e-4 bits/dim is far above both solvers' error and far below the Euler gap above
            assertEquals(e.bitsPerDim(), e.trainSolverBitsPerDim(), 1e-4);
        }
    }

    @Test
    void sampleEncodeAndDecodeInvertEachOtherOnTheFixedGrid() {
        try (GenerativeModel m = tiny(DivergenceMode.EXACT).build(SHAPE, 4)) {
            float[][] x = m.sample(3, 11);
            float[][] z = m.encode(x);
            float[][] back = m.decode(z);
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x[i].length; j++) {
                    // RK4 forward then backward on the same grid: the round trip error is O(h^4), tiny at T = 1
                    assertEquals(x[i][j], back[i][j], 1e-3);
                }
            }
        }
    }

    @Test
    void aDopri5TrainingSolverIsRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> tiny(DivergenceMode.EXACT).withSolvers(SolverSpec.dopri5(1e-5), null));
        assertTrue(e.getMessage().contains("trainSolver must be a fixed-step method"), e.getMessage());
    }
}
