package dev.hetflow.trainer.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {

    private static final List<dev.hetflow.trainer.model.Batch> FIVE =
            Collections.nCopies(5, ListData.constant(1f));

    private final List<StepReport> steps = new ArrayList<>();
    private final List<EpochReport> epochs = new ArrayList<>();
    private final List<DivergenceGuard.Rollback> rollbacks = new ArrayList<>();
    private final TrainingListener recorder = new TrainingListener() {
        @Override
        public void onStep(StepReport step, LoopPosition position) {
            steps.add(step);
        }

        @Override
        public void onEpoch(EpochReport epoch, LoopPosition position) {
            epochs.add(epoch);
        }

        @Override
        public void onRollback(DivergenceGuard.Rollback rollback) {
            rollbacks.add(rollback);
        }
    };

    private TrainingLoop loop(FakeModel model, ListData data, StopCriteria stop, int maxFailures,
            AtomicBoolean cancel) {
        PlateauScheduler scheduler = new PlateauScheduler(new PlateauScheduler.Settings(0.1, 0.001, 0.5, 0, 0));
        DivergenceGuard guard = new DivergenceGuard(model, scheduler, 100, maxFailures, 1);
        return new TrainingLoop(model, data, stop, scheduler, guard, List.of(recorder), cancel::get);
    }

    @Test
    void trainsEpochsValidatesAndReportsEveryStep() {
        FakeModel model = new FakeModel();
        ListData data = new ListData(FIVE, List.of(ListData.constant(1f)));
        LoopOutcome out = loop(model, data, new StopCriteria(3, 1000, 0), 0, new AtomicBoolean()).run(
                LoopPosition.start());
        assertEquals(LoopOutcome.Reason.MAX_EPOCHS, out.reason());
        assertEquals(15, steps.size());
        assertEquals(3, epochs.size());
        assertEquals(3, data.trainPasses, "one pass over the stream per epoch");
        // theta -> 1 geometrically (factor 0.8 per step): validation error shrinks every epoch
        assertTrue(epochs.get(2).validBitsPerDim() < epochs.get(1).validBitsPerDim());
        assertTrue(epochs.get(1).validBitsPerDim() < epochs.get(0).validBitsPerDim());
        assertEquals(15, out.position().iteration());
        EpochReport last = epochs.get(2);
        assertEquals(last.validBitsPerDim() + 1, last.validBitsPerDimTrainSolver(), 1e-12,
                "the training solver's figure is reported beside the evaluation solver's");
        assertEquals("exact", last.evaluationMethod());
    }

    @Test
    void nanRollsBackToLastGoodStateAndLowersTheLearningRate() {
        FakeModel model = new FakeModel();
        model.nanAtCall.add(3L);
        ListData data = new ListData(FIVE, List.of(ListData.constant(1f)));
        loop(model, data, new StopCriteria(1, 1000, 0), 2, new AtomicBoolean()).run(LoopPosition.start());
        assertEquals(1, rollbacks.size());
        DivergenceGuard.Rollback r = rollbacks.get(0);
        assertEquals(3, r.iteration());
        assertEquals(2, r.restoredStep(), "back to the snapshot after the second good step");
        assertEquals(0.05, r.learningRate(), 1e-15);
        assertTrue(r.reason().contains("NaN"), r.reason());
        assertFalse(Double.isNaN(model.theta), "parameters restored, not poisoned");
        assertEquals(4, steps.size(), "the diverged step is not reported as progress");
        assertEquals(0.05, steps.get(3).learningRate(), 1e-15);
        // the scheduler owns the rate: the model was handed 0.1 until the rollback, 0.05 after it
        assertEquals(List.of(0.1, 0.1, 0.1, 0.05, 0.05), model.rates);
    }

    @Test
    void anEvaluationTheSolverCannotFinishRollsBackInsteadOfEndingTheRun() {
        FakeModel model = new FakeModel();
        model.unsolvedAtEvaluation.add(1L);
        ListData data = new ListData(FIVE, List.of(ListData.constant(1f)));
        LoopOutcome outcome = loop(model, data, new StopCriteria(2, 1000, 0), 2, new AtomicBoolean())
                .run(LoopPosition.start());
        assertEquals(LoopOutcome.Reason.MAX_EPOCHS, outcome.reason(), "the run goes on to its second epoch");
        assertEquals(1, rollbacks.size());
        assertTrue(rollbacks.get(0).reason().contains("evaluation failed: non-finite error estimate"),
                rollbacks.get(0).reason());
        assertEquals(0.05, rollbacks.get(0).learningRate(), 1e-15, "the rate is lowered as for a NaN step");
        assertTrue(Double.isNaN(epochs.get(0).validBitsPerDim()), "the failed epoch's validation is NaN");
        assertTrue(Double.isFinite(epochs.get(1).validBitsPerDim()), "the next epoch evaluates again");
    }

    @Test
    void explodingNfeCountsAsDivergence() {
        FakeModel model = new FakeModel(); // reports NFE 4 per step
        PlateauScheduler scheduler = new PlateauScheduler(new PlateauScheduler.Settings(0.1, 0.001, 0.5, 0, 0));
        DivergenceGuard guard = new DivergenceGuard(model, scheduler, 3, 0, 1);
        TrainingLoop loop = new TrainingLoop(model, new ListData(FIVE, List.of()), new StopCriteria(1, 1000, 0),
                scheduler, guard, List.of(recorder), () -> false);
        TrainingFailedException e = assertThrows(TrainingFailedException.class, () -> loop.run(LoopPosition.start()));
        assertTrue(e.getMessage().contains("NFE 4 exceeds the limit 3"), e.getMessage());
    }

    @Test
    void tooManyFailuresFailTheJobWithTheReason() {
        FakeModel model = new FakeModel();
        model.nanAtCall.addAll(List.of(1L, 2L, 3L));
        ListData data = new ListData(FIVE, List.of());
        TrainingFailedException e = assertThrows(TrainingFailedException.class,
                () -> loop(model, data, new StopCriteria(1, 1000, 0), 2, new AtomicBoolean()).run(
                        LoopPosition.start()));
        assertTrue(e.getMessage().contains("diverged 3 times"), e.getMessage());
        assertTrue(e.getMessage().contains("loss is NaN"), e.getMessage());
        assertEquals(2, rollbacks.size());
    }

    @Test
    void stopsAtMaxIterationsWithThePositionInTheEpoch() {
        FakeModel model = new FakeModel();
        ListData data = new ListData(FIVE, List.of());
        LoopOutcome out = loop(model, data, new StopCriteria(10, 7, 0), 0, new AtomicBoolean())
                .run(LoopPosition.start());
        assertEquals(LoopOutcome.Reason.MAX_ITERATIONS, out.reason());
        assertEquals(7, out.position().iteration());
        assertEquals(1, out.position().epoch());
        assertEquals(2L, out.position().positions().get(0), "two batches of epoch 1 consumed");
    }

    @Test
    void resumesInsideAnEpochFromTheRecordedPositions() {
        FakeModel model = new FakeModel();
        ListData data = new ListData(FIVE, List.of());
        LoopPosition at = new LoopPosition(1, 7, java.util.Map.of(0, 2L),
                PlateauScheduler.State.fresh(), 0, Double.POSITIVE_INFINITY);
        LoopOutcome out = loop(model, data, new StopCriteria(2, 1000, 0), 0, new AtomicBoolean()).run(at);
        assertEquals(3, steps.size(), "only the 3 batches of epoch 1 that were not yet trained");
        assertEquals(8, steps.get(0).iteration());
        assertEquals(10, out.position().iteration());
    }

    @Test
    void earlyStopWhenValidationStopsImproving() {
        FakeModel model = new FakeModel();
        model.theta = 1; // already optimal: validation stays 0
        ListData data = new ListData(FIVE, List.of(ListData.constant(1f)));
        LoopOutcome out = loop(model, data, new StopCriteria(50, 100000, 2), 0, new AtomicBoolean())
                .run(LoopPosition.start());
        assertEquals(LoopOutcome.Reason.EARLY_STOP, out.reason());
        assertEquals(3, epochs.size(), "first epoch sets the best, two more without gain stop");
    }

    @Test
    void cancelStopsBeforeTheNextStep() {
        FakeModel model = new FakeModel();
        AtomicBoolean cancel = new AtomicBoolean();
        ListData data = new ListData(FIVE, List.of());
        TrainingLoop loop = loop(model, data, new StopCriteria(5, 1000, 0), 0, cancel);
        cancel.set(true);
        LoopOutcome out = loop.run(LoopPosition.start());
        assertEquals(LoopOutcome.Reason.CANCELLED, out.reason());
        assertEquals(0, steps.size());
    }
}
