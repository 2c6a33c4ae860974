package dev.hetflow.trainer.jobs;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * How a running job is told to stop, and whether it may still write: {@code cancel} (DELETE /jobs/{id}) ends it for
 * good, {@code pause} (the trainer is stopping) checkpoints it and leaves it resumable, and {@code leaseHeld} turns
 * false when another trainer may own the job (then it stops without writing).
 */
record JobControl(AtomicBoolean cancel, AtomicBoolean pause, BooleanSupplier leaseHeld) {

    /** For a job run without a lease (tests, a single trainer). */
    static JobControl cancellable(AtomicBoolean cancel) {
        return new JobControl(cancel, new AtomicBoolean(), () -> true);
    }

    boolean stopRequested() {
        return cancel.get() || pause.get() || !leaseHeld.getAsBoolean();
    }
}
