package dev.hetflow.experiments.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.experiments.Preset;
import dev.hetflow.experiments.Progress;
import dev.hetflow.experiments.data.Dataset;
import dev.hetflow.experiments.data.DatasetLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** A run with a wall-clock budget stops at the first step boundary after it, validates, and says why it stopped. */
class TrainingBudgetTest {

    /** Each training sample takes this long to read, so a batch of the tiny preset's 32 takes 0.64 s. */
    private static final long READ_MILLIS = 20;

    @Test
    void aTinyBudgetStopsTheRunAfterItsFirstStepAndValidatesIt() {
        Preset tiny = Preset.named("tiny");
        Dataset piv = DatasetLoader.piv(16, 4 * tiny.batchSize(), 8, Preset.IN_MEMORY);
        Dataset slow = new Dataset(piv.name(), piv.channels(), piv.height(), piv.width(), piv.trainCount(), i -> {
            try {
                Thread.sleep(READ_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return piv.train().apply(i);
        }, piv.valid(), null, null, null);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainingRunner runner = new TrainingRunner(tiny, new Progress(new PrintStream(log, true)), () -> false);
        double budget = 0.1;

        RunResult r;
        try (TrainedModel trained = runner.train(new RunKey(ModelFamily.FFJORD, "piv", true, "budget"), slow, budget)) {
            r = trained.result();
        }

        // the budget is spent while the first batch is read: that step finishes, the epoch of 4 batches is cut there
        assertEquals(RunResult.BUDGET, r.stopReason(), log.toString());
        assertEquals(1, r.steps(), "one step, then the budget stops the epoch of 4");
        assertEquals(tiny.batchSize(), r.samplesSeen());
        assertEquals(1, r.curve().size(), "the cut epoch is validated as a run's last epoch is");
        assertTrue(Double.isFinite(r.curve().get(0).validBitsPerDim()), r.curve().toString());
        assertEquals(r.curve().get(0).validBitsPerDim(), r.bestBitsPerDim());
        assertTrue(r.wallSeconds() >= READ_MILLIS * tiny.batchSize() / 1e3, "wall " + r.wallSeconds());
        assertTrue(log.toString().contains("ffjord-piv-heterogeneous-budget: epoch 1 (budget 0.100 s)"), log.toString());
        assertTrue(log.toString().contains("1 steps (32 samples)") && log.toString().contains("BUDGET"),
                log.toString());
    }
}
