package dev.hetflow.trainer.jobs;

import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.ModelSnapshot;
import dev.hetflow.trainer.model.SampleShape;
import dev.hetflow.trainer.model.StepResult;
import dev.hetflow.trainer.model.TrainableModel;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A model decorator that injects faults at chosen training calls (1-based, counted over the decorator's life). */
final class Faults implements TrainableModel {

    /** Stands for kill -9: nothing after it runs, not even the job's failure handling. */
    static final class Killed extends Error {
        Killed() {
            super("killed by the test");
        }
    }

    private final TrainableModel inner;
    private final java.util.function.LongPredicate nanAt;
    private final long killAt;
    final AtomicLong calls;

    Faults(TrainableModel inner, java.util.function.LongPredicate nanAt, long killAt, AtomicLong calls) {
        this.inner = inner;
        this.nanAt = nanAt;
        this.killAt = killAt;
        this.calls = calls;
    }

    @Override
    public StepResult trainStep(Batch batch) {
        long call = calls.incrementAndGet();
        if (call == killAt) {
            throw new Killed();
        }
        if (nanAt.test(call)) {
            // what a diverging ODE produces: a NaN loss and no update applied
            return new StepResult(Double.NaN, Double.NaN, Map.of(), 0, false);
        }
        return inner.trainStep(batch);
    }

    @Override
    public String kind() {
        return inner.kind();
    }

    @Override
    public SampleShape shape() {
        return inner.shape();
    }

    @Override
    public double evaluateBitsPerDim(Batch batch) {
        return inner.evaluateBitsPerDim(batch);
    }

    @Override
    public ModelSnapshot snapshot() {
        return inner.snapshot();
    }

    @Override
    public void restore(ModelSnapshot snapshot) {
        inner.restore(snapshot);
    }

    @Override
    public double learningRate() {
        return inner.learningRate();
    }

    @Override
    public void learningRate(double learningRate) {
        inner.learningRate(learningRate);
    }

    @Override
    public long step() {
        return inner.step();
    }

    @Override
    public void close() {
        inner.close();
    }
}
