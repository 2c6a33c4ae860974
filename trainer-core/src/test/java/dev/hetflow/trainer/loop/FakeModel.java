package dev.hetflow.trainer.loop;

import dev.hetflow.trainer.export.ExportedGraphs;
import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.Evaluation;
import dev.hetflow.trainer.model.GenerativeModel;
import dev.hetflow.trainer.model.ModelSnapshot;
import dev.hetflow.trainer.model.ModelSpec;
import dev.hetflow.trainer.model.SampleShape;
import dev.hetflow.trainer.model.StepResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A one-parameter model: theta moves towards the batch mean by lr per step, loss = (theta - mean)^2; NaN is
 * injected at chosen optimizer steps, as a diverging ODE would produce. It records the learning rate of every step.
 */
final class FakeModel implements GenerativeModel {

    static final SampleShape SHAPE = new SampleShape(1, 0, 1, 1);
    final Set<Long> nanAtCall = new HashSet<>();
    /** Evaluations (counted from 1) whose solver gives up, as Dormand-Prince does on a blown-up CNF. */
    final Set<Long> unsolvedAtEvaluation = new HashSet<>();
    long evaluations;
    final List<Double> rates = new ArrayList<>();
    double theta = 10;
    long step;
    long calls;

    @Override
    public ModelSpec spec() {
        throw new UnsupportedOperationException("a test double has no spec");
    }

    @Override
    public String family() {
        return "fake";
    }

    @Override
    public SampleShape shape() {
        return SHAPE;
    }

    @Override
    public StepResult trainStep(Batch batch, double lr) {
        calls++;
        rates.add(lr);
        if (nanAtCall.contains(calls)) {
            theta = Double.NaN; // a diverged update poisons the parameters
            return new StepResult(Double.NaN, Double.NaN, Map.of(), 0, true);
        }
        double mean = mean(batch);
        double loss = (theta - mean) * (theta - mean);
        theta -= lr * 2 * (theta - mean);
        step++;
        return new StepResult(loss, loss, Map.of(), 4, true);
    }

    @Override
    public Evaluation evaluate(Batch batch) {
        evaluations++;
        if (unsolvedAtEvaluation.contains(evaluations)) {
            throw new IllegalStateException("non-finite error estimate at t=0.5 with step 0.1");
        }
        double m = mean(batch);
        // a second figure that differs, as a coarser training solver's would
        return new Evaluation((theta - m) * (theta - m), (theta - m) * (theta - m) + 1, 7);
    }

    @Override
    public String evaluationMethod() {
        return "exact";
    }

    private static double mean(Batch batch) {
        double s = 0;
        for (float v : batch.values()) {
            s += v;
        }
        return s / batch.values().length;
    }

    @Override
    public float[][] sample(int n, long seed) {
        throw new UnsupportedOperationException();
    }

    @Override
    public float[][] encode(float[][] samples) {
        throw new UnsupportedOperationException();
    }

    @Override
    public float[][] decode(float[][] latents) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ExportedGraphs export(Map<String, String> metadata) {
        throw new UnsupportedOperationException("the fake model has no graphs");
    }

    @Override
    public ModelSnapshot snapshot() {
        return new ModelSnapshot("fake", new float[] {(float) theta}, step, 0);
    }

    @Override
    public void restore(ModelSnapshot s) {
        theta = s.state()[0];
        step = s.step();
    }

    @Override
    public long step() {
        return step;
    }

    @Override
    public void close() {
    }
}
