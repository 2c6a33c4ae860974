package dev.hetflow.trainer.loop;

import dev.hetflow.trainer.model.ModelSnapshot;
import dev.hetflow.trainer.model.StepResult;
import dev.hetflow.trainer.model.TrainableModel;

/**
 * Watches each step for divergence (a NaN or infinite loss, a skipped update, or an NFE above the limit, the sign of
 * a stiff ODE) and answers it by rolling the model back to the last good snapshot with a lower learning rate. After
 * more than {@code maxFailures} rollbacks the job fails with the last reason.
 */
public final class DivergenceGuard {

    private final TrainableModel model;
    private final PlateauScheduler scheduler;
    private final long nfeLimit;
    private final int maxFailures;
    private final int snapshotEvery;
    private ModelSnapshot lastGood;
    private int failures;

    /**
     * @param nfeLimit      a step with more ODE evaluations than this diverged (0: no limit)
     * @param maxFailures   rollbacks tolerated; one more fails the job
     * @param snapshotEvery take a new good snapshot after this many good steps
     */
    public DivergenceGuard(TrainableModel model, PlateauScheduler scheduler, long nfeLimit, int maxFailures,
            int snapshotEvery) {
        if (maxFailures < 0 || snapshotEvery < 1 || nfeLimit < 0) {
            throw new IllegalArgumentException("need maxFailures >= 0, snapshotEvery >= 1, nfeLimit >= 0");
        }
        this.model = model;
        this.scheduler = scheduler;
        this.nfeLimit = nfeLimit;
        this.maxFailures = maxFailures;
        this.snapshotEvery = snapshotEvery;
    }

    /** Takes the first good snapshot (call before training). */
    public void start() {
        lastGood = model.snapshot();
    }

    /**
     * Judges a step. Returns null when it was good, else the rollback done.
     *
     * @throws TrainingFailedException when the failure budget is spent
     */
    public Rollback check(StepResult step, long iteration) {
        String reason = reason(step);
        if (reason == null) {
            if (iteration % snapshotEvery == 0) {
                lastGood = model.snapshot();
            }
            return null;
        }
        failures++;
        if (failures > maxFailures) {
            throw new TrainingFailedException("diverged " + failures + " times, last at iteration " + iteration
                    + ": " + reason + " (limit " + maxFailures + " rollbacks)");
        }
        double lowered = scheduler.lower(Math.min(model.learningRate(), lastGood.learningRate()));
        model.restore(lastGood);
        model.learningRate(lowered);
        lastGood = model.snapshot();
        return new Rollback(iteration, reason, lastGood.step(), lowered, failures);
    }

    private String reason(StepResult step) {
        if (!Double.isFinite(step.loss())) {
            return "loss is " + step.loss();
        }
        if (!step.applied()) {
            return "non-finite gradient, update skipped";
        }
        if (nfeLimit > 0 && step.nfe() > nfeLimit) {
            return "NFE " + step.nfe() + " exceeds the limit " + nfeLimit;
        }
        return null;
    }

    public int failures() {
        return failures;
    }

    /** Restores the failure count from a checkpoint. */
    public void failures(int count) {
        this.failures = count;
    }

    /**
     * A rollback done.
     *
     * @param iteration    the loop iteration whose step diverged
     * @param reason       why
     * @param restoredStep the optimizer step the model went back to
     * @param learningRate the lowered learning rate
     * @param failures     rollbacks so far
     */
    public record Rollback(long iteration, String reason, long restoredStep, double learningRate, int failures) {
    }
}
