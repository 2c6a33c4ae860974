package dev.hetflow.experiments.training;

import dev.hetflow.trainer.model.GenerativeModel;

/** A finished run and its model, kept open for sampling; close it to release the model. */
public record TrainedModel(RunResult result, GenerativeModel model) implements AutoCloseable {

    @Override
    public void close() {
        model.close();
    }
}
