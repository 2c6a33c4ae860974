package dev.hetflow.trainer.loop;

import dev.hetflow.trainer.model.GenerativeModel;
import dev.hetflow.trainer.model.ModelSnapshot;
import dev.hetflow.trainer.model.StepResult;

/**
 * Watches each step for divergence (a NaN or infinite loss, a skipped update, or an NFE above the limit, the sign of
 * a stiff ODE: the NFE counts every CNF block's evaluations in the step, behind factor-outs too) and answers it by
 * rolling the model back to the last good snapshot and lowering the scheduler's learning rate. After more than
 * {@code maxFailures} rollbacks the job fails with the last reason; an epoch without a rollback clears the count, so
 * a long job fails only on divergence that keeps coming back, not on rare blips spread over many epochs.
 */
public final class DivergenceGuard {

    private final GenerativeModel model;
    private final PlateauScheduler scheduler;
    private final long nfeLimit;
    private final int maxFailures;
    private final int snapshotEvery;
    private ModelSnapshot lastGood;
    private int failures;
    private int failuresAtEpochStart;

    /**
     * @param nfeLimit      a step with more ODE evaluations than this diverged (0: no limit)
     * @param maxFailures   rollbacks tolerated; one more fails the job
     * @param snapshotEvery take a new good snapshot after this many good steps
     */
    public DivergenceGuard(GenerativeModel model, PlateauScheduler scheduler, long nfeLimit, int maxFailures,
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
        return rollBack(iteration, reason);
    }

    /**
     * Judges the evaluation solver after an epoch: an adaptive solver that needs more than the NFE limit on a
     * validation batch is integrating stiff dynamics (FFJORD's sign of a diverging CNF, which a fixed training grid
     * cannot show). Returns null when it was good, else the rollback done (to the last good snapshot, rate lowered).
     *
     * @throws TrainingFailedException when the failure budget is spent
     */
    public Rollback checkEvaluation(long maxBatchNfe, long iteration) {
        if (nfeLimit == 0 || maxBatchNfe <= nfeLimit) {
            return null;
        }
        return rollBack(iteration, "evaluation NFE " + maxBatchNfe + " exceeds the limit " + nfeLimit);
    }

    /**
     * An evaluation the solver could not finish (a non-finite error estimate, or its step budget spent): the
     * validation samples drove the dynamics where they blow up, as a diverging CNF does. Rolls back to the last good
     * snapshot with the rate lowered, as a NaN step does.
     *
     * @throws TrainingFailedException when the failure budget is spent
     */
    public Rollback evaluationFailed(String reason, long iteration) {
        return rollBack(iteration, "evaluation failed: " + reason);
    }

    private Rollback rollBack(long iteration, String reason) {
        failures++;
        if (failures > maxFailures) {
            throw new TrainingFailedException("diverged " + failures + " times, last at iteration " + iteration
                    + ": " + reason + " (limit " + maxFailures + " rollbacks)");
        }
        model.restore(lastGood);
        double lowered = scheduler.lower();
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

    /** Ends an epoch: one without a rollback resets the failure count. Returns the count after the epoch. */
    public int endEpoch() {
        if (failures == failuresAtEpochStart) {
            failures = 0;
        }
        failuresAtEpochStart = failures;
        return failures;
    }

    /** Restores the failure count from a checkpoint. */
    public void failures(int count) {
        this.failures = count;
        this.failuresAtEpochStart = count;
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
