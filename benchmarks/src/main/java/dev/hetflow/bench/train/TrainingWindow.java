package dev.hetflow.bench.train;

import dev.hetflow.trainer.loop.DivergenceGuard;
import dev.hetflow.trainer.loop.EpochData;
import dev.hetflow.trainer.loop.LoopOutcome;
import dev.hetflow.trainer.loop.LoopPosition;
import dev.hetflow.trainer.loop.PlateauScheduler;
import dev.hetflow.trainer.loop.StepReport;
import dev.hetflow.trainer.loop.StopCriteria;
import dev.hetflow.trainer.loop.TrainingListener;
import dev.hetflow.trainer.loop.TrainingLoop;
import dev.hetflow.trainer.model.GenerativeModel;
import java.util.List;

/**
 * A stretch of training iterations run by its own {@link TrainingLoop} (so that the loop's data-wait share covers
 * this stretch alone), continuing from where the previous stretch stopped, as a resumed job does.
 */
public final class TrainingWindow {

    /** The trainer's defaults (hetflow.trainer.learning-rate.*): the paper's Adam start, halved on plateaus. */
    private static final PlateauScheduler.Settings SCHEDULE = new PlateauScheduler.Settings(0.005, 0.00005, 0.5, 2,
            1e-4);

    private final GenerativeModel model;
    private final EpochData data;
    private final PlateauScheduler scheduler = new PlateauScheduler(SCHEDULE);

    public TrainingWindow(GenerativeModel model, EpochData data) {
        this.model = model;
        this.data = data;
    }

    /**
     * What a stretch did.
     *
     * @param end          where it stopped (the next stretch starts there)
     * @param samples      samples trained
     * @param steps        good iterations (rollbacks excluded)
     * @param seconds      wall time of the loop's run, opening the consumer included
     * @param dataWaitShare the loop's share of that time spent waiting for the next batch
     */
    public record Result(LoopPosition end, long samples, int steps, double seconds, double dataWaitShare) {

        public double samplesPerSecond() {
            return samples / seconds;
        }
    }

    /** Trains {@code iterations} more iterations from {@code from}, within one epoch (no validation pass). */
    public Result run(LoopPosition from, long iterations) {
        long[] samples = new long[1];
        int[] steps = new int[1];
        TrainingListener count = new TrainingListener() {
            @Override
            public void onStep(StepReport step, LoopPosition position) {
                samples[0] += step.samples();
                steps[0]++;
                if (!step.result().finite()) {
                    throw new IllegalStateException("non-finite loss at iteration " + step.iteration());
                }
            }
        };
        TrainingLoop loop = new TrainingLoop(model, data, new StopCriteria(from.epoch() + 1,
                from.iteration() + iterations, 0), scheduler, new DivergenceGuard(model, scheduler, 0, 3, 10),
                List.of(count), () -> false);
        long start = System.nanoTime();
        LoopOutcome outcome = loop.run(from);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (outcome.reason() != LoopOutcome.Reason.MAX_ITERATIONS) {
            throw new IllegalStateException("the stretch ended by " + outcome.reason() + " after " + steps[0]
                    + " of " + iterations + " iterations: the topic holds too few samples for one epoch");
        }
        return new Result(outcome.position(), samples[0], steps[0], seconds, loop.dataWaitShare());
    }
}
