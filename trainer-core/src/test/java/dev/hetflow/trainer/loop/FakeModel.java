package dev.hetflow.trainer.loop;

import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.ModelSnapshot;
import dev.hetflow.trainer.model.SampleShape;
import dev.hetflow.trainer.model.StepResult;
import dev.hetflow.trainer.model.TrainableModel;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A one-parameter model: theta moves towards the batch mean by lr per step, loss = (theta - mean)^2; NaN is
 * injected at chosen optimizer steps, as a diverging ODE would produce.
 */
final class FakeModel implements TrainableModel {

    static final SampleShape SHAPE = new SampleShape(1, 0, 1, 1);
    final Set<Long> nanAtCall = new HashSet<>();
    double theta = 10;
    long step;
    long calls;
    double lr;

    FakeModel(double lr) {
        this.lr = lr;
    }

    @Override
    public String kind() {
        return "fake";
    }

    @Override
    public SampleShape shape() {
        return SHAPE;
    }

    @Override
    public StepResult trainStep(Batch batch) {
        calls++;
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
    public double evaluateBitsPerDim(Batch batch) {
        double m = mean(batch);
        return (theta - m) * (theta - m);
    }

    private static double mean(Batch batch) {
        double s = 0;
        for (float v : batch.values()) {
            s += v;
        }
        return s / batch.values().length;
    }

    @Override
    public ModelSnapshot snapshot() {
        return new ModelSnapshot("fake", new float[] {(float) theta}, step, lr, 0);
    }

    @Override
    public void restore(ModelSnapshot s) {
        theta = s.state()[0];
        step = s.step();
        lr = s.learningRate();
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void learningRate(double learningRate) {
        lr = learningRate;
    }

    @Override
    public long step() {
        return step;
    }

    @Override
    public void close() {
    }
}
