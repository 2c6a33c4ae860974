package dev.hetflow.trainer.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.dynamics.TimeConditioning;
import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.Evaluation;
import dev.hetflow.trainer.model.FfjordConvSpec;
import dev.hetflow.trainer.model.FfjordMlpSpec;
import dev.hetflow.trainer.model.GenerativeModel;
import dev.hetflow.trainer.model.SampleShape;
import dev.hetflow.trainer.model.SolverSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The divergence guard's NFE limit on real FFJORD models: it can fire, on the adaptive evaluation solver too. */
class NfeLimitTest {

    private static final SampleShape SHAPE = new SampleShape(1, 1, 4, 4);

    private static Batch batch(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[8 * SHAPE.dimensions()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (0.1 + 0.8 * r.nextDouble());
        }
        return new Batch(v, 8, SHAPE);
    }

    private static PlateauScheduler scheduler() {
        return new PlateauScheduler(new PlateauScheduler.Settings(0.01, 0.0001, 0.5, 5, 0));
    }

    @Test
    void anAdaptiveEvaluationAboveTheLimitRollsBackAndLowersTheRate() {
        // fixed RK4 (2 steps of 4 stages = 8 NFE per training step) stays under the limit; dopri5 at 1e-8 needs more
        FfjordMlpSpec spec = new FfjordMlpSpec(List.of(16), 1, 1.0, TimeConditioning.CONCATSQUASH, Activation.TANH,
                DivergenceMode.EXACT, DivergenceMode.EXACT, SolverSpec.rk4(2), SolverSpec.dopri5(1e-8));
        try (GenerativeModel model = spec.build(SHAPE, 1)) {
            Evaluation probe = model.evaluate(batch(9));
            long limit = 8;
            assertTrue(probe.nfe() > limit, "dopri5 needs " + probe.nfe() + " evaluations");
            PlateauScheduler scheduler = scheduler();
            List<DivergenceGuard.Rollback> rollbacks = new ArrayList<>();
            TrainingListener record = new TrainingListener() {
                @Override
                public void onRollback(DivergenceGuard.Rollback rollback) {
                    rollbacks.add(rollback);
                }
            };
            TrainingLoop loop = new TrainingLoop(model, new ListData(List.of(batch(1), batch(2)),
                    List.of(batch(9))), new StopCriteria(1, 100, 0), scheduler,
                    new DivergenceGuard(model, scheduler, limit, 3, 1), List.of(record), () -> false);
            loop.run(LoopPosition.start());
            assertEquals(1, rollbacks.size(), "training steps pass, the evaluation solver's NFE does not");
            assertTrue(rollbacks.get(0).reason().startsWith("evaluation NFE "), rollbacks.get(0).reason());
            assertEquals(0.005, scheduler.learningRate(), 1e-15, "the scheduler's rate was lowered once");
            assertEquals(2, model.step(), "the last good snapshot, taken after the second step, is restored");
        }
    }

    @Test
    void blocksBehindAFactorOutCountTowardsTheTrainingStepsNfe() {
        // 2 scales: 4 CNF blocks before the factor-out and 2 behind it, RK4 with 2 steps: 6 x 8 = 48 evaluations;
        // counting only the 4 reachable blocks (32) would stay under a limit of 40
        FfjordConvSpec spec = new FfjordConvSpec(2, List.of(4), Activation.SOFTPLUS, 0.5, 1e-6, SolverSpec.rk4(2),
                SolverSpec.rk4(2));
        try (GenerativeModel model = spec.build(SHAPE, 1)) {
            PlateauScheduler scheduler = scheduler();
            TrainingLoop loop = new TrainingLoop(model, new ListData(List.of(batch(1)), List.of()),
                    new StopCriteria(1, 100, 0), scheduler, new DivergenceGuard(model, scheduler, 40, 0, 1),
                    List.of(), () -> false);
            TrainingFailedException e = assertThrows(TrainingFailedException.class,
                    () -> loop.run(LoopPosition.start()));
            assertTrue(e.getMessage().contains("NFE 48 exceeds the limit 40"), e.getMessage());
        }
    }
}
