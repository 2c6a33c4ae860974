package dev.hetflow.bench.sampler;

import dev.hetflow.trainer.model.FfjordModel;
import java.time.Duration;

/** ND4J's sampling path, the code the trainer would use: {@link FfjordModel#sample} on one batch back to back. */
public final class Nd4jSampling {

    private Nd4jSampling() {
    }

    /** {@code model.sample(latents, rows)} in this thread, after {@code warmUp} calls. */
    public static Rate measure(FfjordModel model, float[] latents, int rows, int warmUp, Duration duration)
            throws Exception {
        float[] sink = new float[1];
        Rate rate = Rate.measure(() -> sink[0] += model.sample(latents, rows)[0], rows, warmUp, duration.toMillis());
        if (Float.isNaN(sink[0])) {
            throw new IllegalStateException("ND4J sampling produced NaN");
        }
        return rate;
    }
}
