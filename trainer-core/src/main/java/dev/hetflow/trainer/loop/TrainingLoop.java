package dev.hetflow.trainer.loop;

import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.Evaluation;
import dev.hetflow.trainer.model.GenerativeModel;
import dev.hetflow.trainer.model.StepResult;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The training loop: epochs of steps over streamed batches, each step judged by the {@link DivergenceGuard}, a
 * validation pass and the plateau scheduler after each epoch, stop criteria, cancellation; everything else
 * (checkpoints, events, status) is a {@link TrainingListener}. It also measures how long it waited for data. The
 * learning rate of every step is the scheduler's ({@link PlateauScheduler#learningRate()}). Validation bits/dim come
 * from the model's evaluation solver, the training solver's figure beside them.
 */
public final class TrainingLoop {

    private final GenerativeModel model;
    private final EpochData data;
    private final StopCriteria stop;
    private final PlateauScheduler scheduler;
    private final DivergenceGuard guard;
    private final List<TrainingListener> listeners;
    private final BooleanSupplier cancelled;
    private long dataWaitNanos;
    private long runNanos;

    public TrainingLoop(GenerativeModel model, EpochData data, StopCriteria stop, PlateauScheduler scheduler,
            DivergenceGuard guard, List<TrainingListener> listeners, BooleanSupplier cancelled) {
        this.model = model;
        this.data = data;
        this.stop = stop;
        this.scheduler = scheduler;
        this.guard = guard;
        this.listeners = List.copyOf(listeners);
        this.cancelled = cancelled;
    }

    /** Runs from {@code from} (LoopPosition.start() for a new job, a checkpoint's position to resume). */
    public LoopOutcome run(LoopPosition from) {
        scheduler.restore(from.scheduler());
        guard.failures(from.failures());
        guard.start();
        long started = System.nanoTime();
        long samples = 0;
        long iteration = from.iteration();
        double bestValidation = from.bestValidation();
        int epochsWithoutGain = 0;
        Map<Integer, Long> resumeFrom = from.positions();
        try {
            for (int epoch = from.epoch(); epoch < stop.maxEpochs(); epoch++) {
                double bpdSum = 0;
                int steps = 0;
                long openStart = System.nanoTime();
                BatchStream opened = data.training(epoch, resumeFrom);
                dataWaitNanos += System.nanoTime() - openStart; // consumer set-up and seeks are data waiting too
                try (BatchStream stream = opened) {
                    resumeFrom = Map.of();
                    while (true) {
                        if (cancelled.getAsBoolean()) {
                            return new LoopOutcome(LoopOutcome.Reason.CANCELLED,
                                    position(epoch, iteration, stream.positions(), bestValidation));
                        }
                        if (iteration >= stop.maxIterations()) {
                            return new LoopOutcome(LoopOutcome.Reason.MAX_ITERATIONS,
                                    position(epoch, iteration, stream.positions(), bestValidation));
                        }
                        long waitStart = System.nanoTime();
                        Batch batch = stream.next();
                        dataWaitNanos += System.nanoTime() - waitStart;
                        if (batch == null) {
                            break;
                        }
                        double lr = scheduler.learningRate();
                        StepResult result = model.trainStep(batch, lr);
                        iteration++;
                        DivergenceGuard.Rollback rollback = guard.check(result, iteration);
                        if (rollback != null) {
                            listeners.forEach(l -> l.onRollback(rollback));
                            continue;
                        }
                        samples += batch.size();
                        bpdSum += result.bitsPerDim();
                        steps++;
                        StepReport report = new StepReport(epoch, iteration, result, lr, batch.size(),
                                rate(samples, started));
                        LoopPosition position = position(epoch, iteration, stream.positions(), bestValidation);
                        listeners.forEach(l -> l.onStep(report, position));
                    }
                }
                Evaluation validation;
                try {
                    validation = validate();
                } catch (IllegalStateException unsolved) {
                    // the evaluation solver gave up on these parameters: the epoch's validation is NaN
                    validation = new Evaluation(Double.NaN, Double.NaN, 0);
                    DivergenceGuard.Rollback failed = guard.evaluationFailed(unsolved.getMessage(), iteration);
                    listeners.forEach(l -> l.onRollback(failed));
                }
                DivergenceGuard.Rollback stiff = guard.checkEvaluation(validation.nfe(), iteration);
                if (stiff != null) {
                    listeners.forEach(l -> l.onRollback(stiff));
                }
                guard.endEpoch();
                double valid = validation.bitsPerDim();
                double lr = scheduler.afterEpoch(valid);
                if (valid < bestValidation) {
                    bestValidation = valid;
                    epochsWithoutGain = 0;
                } else {
                    epochsWithoutGain++;
                }
                EpochReport report = new EpochReport(epoch, iteration, steps == 0 ? Double.NaN : bpdSum / steps,
                        valid, validation.trainSolverBitsPerDim(), model.evaluationMethod(), validation.nfe(), lr,
                        rate(samples, started));
                LoopPosition next = position(epoch + 1, iteration, Map.of(), bestValidation);
                listeners.forEach(l -> l.onEpoch(report, next));
                if (stop.earlyStopPatience() > 0 && epochsWithoutGain >= stop.earlyStopPatience()) {
                    return new LoopOutcome(LoopOutcome.Reason.EARLY_STOP, next);
                }
            }
            return new LoopOutcome(LoopOutcome.Reason.MAX_EPOCHS,
                    position(stop.maxEpochs(), iteration, Map.of(), bestValidation));
        } finally {
            runNanos += System.nanoTime() - started;
        }
    }

    /** Sample-weighted means over the validation split (NaN when it is empty); NFE of the costliest batch. */
    private Evaluation validate() {
        double sum = 0;
        double trainSolverSum = 0;
        long nfe = 0;
        long count = 0;
        try (BatchStream stream = data.validation()) {
            for (Batch b = stream.next(); b != null; b = stream.next()) {
                Evaluation e = model.evaluate(b);
                sum += e.bitsPerDim() * b.size();
                trainSolverSum += e.trainSolverBitsPerDim() * b.size();
                nfe = Math.max(nfe, e.nfe());
                count += b.size();
            }
        }
        return count == 0 ? new Evaluation(Double.NaN, Double.NaN, 0)
                : new Evaluation(sum / count, trainSolverSum / count, nfe);
    }

    private LoopPosition position(int epoch, long iteration, Map<Integer, Long> positions, double best) {
        return new LoopPosition(epoch, iteration, positions, scheduler.state(), guard.failures(), best);
    }

    private static double rate(long samples, long started) {
        double seconds = (System.nanoTime() - started) / 1e9;
        return seconds > 0 ? samples / seconds : 0;
    }

    /** Share of the run's wall time spent waiting for the next training batch. */
    public double dataWaitShare() {
        return runNanos == 0 ? 0 : (double) dataWaitNanos / runNanos;
    }
}
