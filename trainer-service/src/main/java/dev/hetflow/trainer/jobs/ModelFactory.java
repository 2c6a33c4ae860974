package dev.hetflow.trainer.jobs;

import dev.hetflow.trainer.model.GenerativeModel;
import dev.hetflow.trainer.model.SampleShape;

/** Builds the model a job spec names (a seam for tests that inject faults). */
@FunctionalInterface
interface ModelFactory {

    GenerativeModel create(JobSpec spec, SampleShape shape);

    /** The spec's own build. */
    static ModelFactory standard() {
        return (spec, shape) -> spec.model().build(shape, spec.seed());
    }
}
