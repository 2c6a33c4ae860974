package dev.hetflow.trainer.jobs;

import dev.hetflow.trainer.export.ExportedGraphs;
import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.Evaluation;
import dev.hetflow.trainer.model.GenerativeModel;
import dev.hetflow.trainer.model.ModelSnapshot;
import dev.hetflow.trainer.model.ModelSpec;
import dev.hetflow.trainer.model.SampleShape;
import dev.hetflow.trainer.model.StepResult;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A model decorator that injects faults at chosen training calls (1-based, counted over the decorator's life). */
final class Faults implements GenerativeModel {

    /** Stands for kill -9: nothing after it runs, not even the job's failure handling. */
    static final class Killed extends Error {
        Killed() {
            super("killed by the test");
        }
    }

    private final GenerativeModel inner;
    private final java.util.function.LongPredicate nanAt;
    private final long killAt;
    final AtomicLong calls;

    Faults(GenerativeModel inner, java.util.function.LongPredicate nanAt, long killAt, AtomicLong calls) {
        this.inner = inner;
        this.nanAt = nanAt;
        this.killAt = killAt;
        this.calls = calls;
    }

    @Override
    public StepResult trainStep(Batch batch, double learningRate) {
        long call = calls.incrementAndGet();
        if (call == killAt) {
            throw new Killed();
        }
        if (nanAt.test(call)) {
            // what a diverging ODE produces: a NaN loss and no update applied
            return new StepResult(Double.NaN, Double.NaN, Map.of(), 0, false);
        }
        return inner.trainStep(batch, learningRate);
    }

    @Override
    public ModelSpec spec() {
        return inner.spec();
    }

    @Override
    public SampleShape shape() {
        return inner.shape();
    }

    @Override
    public Evaluation evaluate(Batch batch) {
        return inner.evaluate(batch);
    }

    @Override
    public String evaluationMethod() {
        return inner.evaluationMethod();
    }

    @Override
    public float[][] sample(int n, long seed) {
        return inner.sample(n, seed);
    }

    @Override
    public float[][] encode(float[][] samples) {
        return inner.encode(samples);
    }

    @Override
    public float[][] decode(float[][] latents) {
        return inner.decode(latents);
    }

    @Override
    public ExportedGraphs export(Map<String, String> metadata) {
        return inner.export(metadata);
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
    public long step() {
        return inner.step();
    }

    @Override
    public void close() {
        inner.close();
    }
}
