package dev.hetflow.experiments.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hetflow.experiments.Preset;
import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.GenerativeModel;
import dev.hetflow.trainer.model.SampleShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The SNF's KL weight reaches 1 after the preset's warm-up, however long the run is. */
class ModelFamilyTest {

    @Test
    void betaWarmUpEndsAfterThePresetsStepsNotAtTheEndOfTheRun() throws Exception {
        Preset tiny = Preset.named("tiny");
        SampleShape shape = new SampleShape(1, 1, 28, 28);
        long warmup = tiny.snf().betaWarmupSteps();
        SplittableRandom rng = new SplittableRandom(5);
        double beta = -1;
        try (GenerativeModel model = ModelFamily.SNF.spec(tiny).build(shape, 3)) {
            for (long step = 0; step <= warmup; step++) {
                float[] values = new float[2 * shape.dimensions()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) rng.nextDouble();
                }
                beta = model.trainStep(new Batch(values, 2, shape), 1e-3).parts().get("beta");
                if (step == 0) {
                    assertEquals(0.01, beta, 1e-12, "the warm-up starts at the paper's 0.01");
                }
            }
        }
        // before: the warm-up spanned the whole run, so a 10^6-step run had beta = 0.01 + 2e-6 here
        assertEquals(1.0, beta, 1e-12, "after " + warmup + " steps beta must be 1");
    }
}
