package dev.hetflow.experiments.training;

import dev.hetflow.trainer.loop.BatchStream;
import dev.hetflow.trainer.loop.EpochData;
import dev.hetflow.trainer.model.Batch;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Epochs of another {@link EpochData} cut short by a wall-clock deadline: once the clock has passed it, a training
 * stream ends at its next step boundary, so the training loop closes that epoch as it closes any (validation, plateau
 * scheduler, epoch report); {@link #spent()} then says the run is over. Validation streams are not cut.
 */
final class BudgetedEpochs implements EpochData {

    private final EpochData data;
    private final long deadlineNanos;
    private final LongSupplier clock;

    /** @param clock nanoseconds on the deadline's scale ({@code System::nanoTime}) */
    BudgetedEpochs(EpochData data, long deadlineNanos, LongSupplier clock) {
        this.data = data;
        this.deadlineNanos = deadlineNanos;
        this.clock = clock;
    }

    /** Whether the deadline has passed. */
    boolean spent() {
        return clock.getAsLong() >= deadlineNanos;
    }

    @Override
    public BatchStream training(int epoch, Map<Integer, Long> resumeFrom) {
        BatchStream stream = data.training(epoch, resumeFrom);
        return new BatchStream() {
            @Override
            public Batch next() {
                return spent() ? null : stream.next();
            }

            @Override
            public Map<Integer, Long> positions() {
                return stream.positions();
            }

            @Override
            public void close() {
                stream.close();
            }
        };
    }

    @Override
    public BatchStream validation() {
        return data.validation();
    }
}
