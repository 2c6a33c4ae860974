package dev.hetflow.experiments.training;

import dev.hetflow.experiments.Preset;
import dev.hetflow.experiments.Progress;
import dev.hetflow.experiments.data.Dataset;
import dev.hetflow.experiments.data.ShuffledEpochs;
import dev.hetflow.trainer.loop.DivergenceGuard;
import dev.hetflow.trainer.loop.EpochReport;
import dev.hetflow.trainer.loop.LoopOutcome;
import dev.hetflow.trainer.loop.LoopPosition;
import dev.hetflow.trainer.loop.PlateauScheduler;
import dev.hetflow.trainer.loop.StepReport;
import dev.hetflow.trainer.loop.StopCriteria;
import dev.hetflow.trainer.loop.TrainingFailedException;
import dev.hetflow.trainer.loop.TrainingListener;
import dev.hetflow.trainer.loop.TrainingLoop;
import dev.hetflow.trainer.model.SampleShape;
import dev.hetflow.trainer.model.GenerativeModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Trains one model in-process with trainer-core's loop and the paper's optimisation: Adam, learning rate reduced on
 * plateau down to 0.00005, divergence answered by rollback with a lower rate (more than {@link #MAX_ROLLBACKS}
 * rollbacks: the run is unstable), early stop on the plateau criterion; or, with a wall-clock budget, training until
 * the budget is spent.
 */
public final class TrainingRunner {

    /** Rollbacks tolerated before a run is declared unstable (its loss goes to infinity). */
    public static final int MAX_ROLLBACKS = 3;
    private static final long SEED = 11;

    private final Preset preset;
    private final Progress progress;
    private final BooleanSupplier cancelled;

    public TrainingRunner(Preset preset, Progress progress, BooleanSupplier cancelled) {
        this.preset = preset;
        this.progress = progress;
        this.cancelled = cancelled;
    }

    /** A run of the preset's epochs for this model family, stopped early on the plateau criterion. */
    public TrainedModel train(RunKey key, Dataset data) {
        return train(key, data, Double.POSITIVE_INFINITY);
    }

    /**
     * {@link #train(RunKey, Dataset, double)} as the report's sections run it: refuses to start once the run is
     * cancelled, says what it trains, and turns a cancelled run into a {@link CancellationException} (its model
     * closed).
     */
    public TrainedModel trainOrStop(RunKey key, Dataset data, double budgetSeconds) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("stopped before " + key.id());
        }
        progress.line(Double.isFinite(budgetSeconds)
                ? String.format(Locale.ROOT, "training %s for %.3g s", key.id(), budgetSeconds)
                : "training " + key.id());
        TrainedModel trained = train(key, data, budgetSeconds);
        if ("CANCELLED".equals(trained.result().stopReason())) {
            trained.close();
            throw new CancellationException("stopped during " + key.id());
        }
        return trained;
    }

    /**
     * A run under a wall-clock budget: with a finite {@code budgetSeconds} the epochs are unlimited and the plateau
     * stop is off, so the budget alone ends the run: the epoch under way ends at the first step boundary after it and
     * is validated as every epoch is (that point closes the curve), then the run stops (reason
     * {@link RunResult#BUDGET}). With an infinite budget this is {@link #train(RunKey, Dataset)}.
     */
    public TrainedModel train(RunKey key, Dataset data, double budgetSeconds) {
        if (!(budgetSeconds > 0)) {
            throw new IllegalArgumentException("a run's budget must be > 0 s, got " + budgetSeconds);
        }
        boolean budgeted = Double.isFinite(budgetSeconds);
        int channels = key.heterogeneous() ? data.channels().size() : data.imageChannels();
        SampleShape shape = new SampleShape(data.imageChannels(), channels - data.imageChannels(), data.height(),
                data.width());
        int epochs = budgeted ? Integer.MAX_VALUE : key.family().epochs(preset);
        String of = budgeted ? String.format(Locale.ROOT, " (budget %.3g s)", budgetSeconds) : "/" + epochs;
        GenerativeModel model = key.family().spec(preset).build(shape, SEED);
        PlateauScheduler scheduler = new PlateauScheduler(new PlateauScheduler.Settings(preset.learningRate(),
                Math.min(Preset.MIN_LEARNING_RATE, preset.learningRate()), 0.5, preset.plateauPatience(), 1e-3));
        DivergenceGuard guard = new DivergenceGuard(model, scheduler, 0, MAX_ROLLBACKS, 10);
        StopCriteria stop = new StopCriteria(epochs, Long.MAX_VALUE, budgeted ? 0 : preset.earlyStop());
        List<EpochPoint> curve = new ArrayList<>();
        int[] rollbacks = {0};
        long[] counts = {0, 0}; // steps and samples of the run
        boolean[] spent = {false}; // an epoch has ended after the budget ran out
        long started = System.nanoTime();
        BudgetedEpochs epochData = new BudgetedEpochs(new ShuffledEpochs(data, shape, preset.batchSize(), SEED),
                budgeted ? started + (long) (budgetSeconds * 1e9) : Long.MAX_VALUE, System::nanoTime);
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStep(StepReport s, LoopPosition position) {
                counts[0]++;
                counts[1] += s.samples();
            }

            @Override
            public void onEpoch(EpochReport e, LoopPosition position) {
                spent[0] = epochData.spent();
                curve.add(new EpochPoint(e.epoch(), e.trainBitsPerDim(), e.validBitsPerDim(), e.learningRate(),
                        e.validBitsPerDimTrainSolver()));
                progress.line(String.format(Locale.ROOT, "%s: epoch %d%s  bits/dim train %.4f valid %.4f (%s; "
                        + "training solver %.4f)  lr %.2g  %.0f samples/s", key.id(), e.epoch() + 1, of,
                        e.trainBitsPerDim(), e.validBitsPerDim(), e.evaluationMethod(),
                        e.validBitsPerDimTrainSolver(), e.learningRate(), e.samplesPerSec()));
            }

            @Override
            public void onRollback(DivergenceGuard.Rollback r) {
                rollbacks[0] = r.failures();
                progress.line(key.id() + ": rollback " + r.failures() + " at iteration " + r.iteration() + " ("
                        + r.reason() + "), learning rate now " + r.learningRate());
            }
        };
        BooleanSupplier stopNow = () -> cancelled.getAsBoolean() || spent[0];
        TrainingLoop loop = new TrainingLoop(model, epochData, stop, scheduler, guard, List.of(listener), stopNow);
        String reason;
        boolean unstable = false;
        boolean plateau = false;
        try {
            LoopOutcome outcome = loop.run(LoopPosition.start());
            reason = outcome.reason().name();
            plateau = outcome.reason() == LoopOutcome.Reason.EARLY_STOP;
            if (outcome.reason() == LoopOutcome.Reason.CANCELLED && !cancelled.getAsBoolean()) {
                reason = RunResult.BUDGET;
            }
        } catch (TrainingFailedException e) {
            unstable = true;
            rollbacks[0] = MAX_ROLLBACKS + 1;
            reason = "UNSTABLE: " + e.getMessage();
            progress.line(key.id() + ": unstable, " + e.getMessage());
        }
        double wall = (System.nanoTime() - started) / 1e9;
        double best = curve.stream().mapToDouble(EpochPoint::validBitsPerDim).filter(Double::isFinite).min()
                .orElse(Double.NaN);
        RunResult result = new RunResult(key, curve, best, Convergence.converged(curve, preset.learningRate(), plateau, unstable), unstable,
                reason, rollbacks[0], wall, counts[0], counts[1]);
        progress.line(String.format(Locale.ROOT, "%s: done in %.1f s, %d steps (%d samples), best valid %.4f "
                + "bits/dim, %s%s", key.id(), wall, counts[0], counts[1], best, reason,
                result.converged() ? ", converged" : ""));
        return new TrainedModel(result, model);
    }
}
