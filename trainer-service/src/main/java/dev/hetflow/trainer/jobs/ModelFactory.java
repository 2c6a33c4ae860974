package dev.hetflow.trainer.jobs;

import dev.hetflow.trainer.model.FfjordModel;
import dev.hetflow.trainer.model.SampleShape;
import dev.hetflow.trainer.model.SnfModel;
import dev.hetflow.trainer.model.TrainableModel;

/** Builds the model a job spec names, for samples of the given shape. */
@FunctionalInterface
interface ModelFactory {

    TrainableModel create(JobSpec spec, SampleShape shape);

    /** FFJORD or SNF from the spec's settings, seed and learning rate. */
    static ModelFactory standard() {
        return (spec, shape) -> {
            if ("snf".equals(spec.model())) {
                return new SnfModel(spec.snf(), shape, spec.seed(), spec.learningRate());
            }
            return spec.ffjordConv() != null
                    ? new FfjordModel(spec.ffjordConv(), shape, spec.seed(), spec.learningRate())
                    : new FfjordModel(spec.ffjord(), shape, spec.seed(), spec.learningRate());
        };
    }
}
