package dev.hetflow.bench.sampler;

import dev.hetflow.trainer.model.GenerativeModel;
import java.time.Duration;

/** ND4J's sampling path, the code the trainer would use: {@link GenerativeModel#decode} on one batch back to back. */
public final class Nd4jSampling {

    private Nd4jSampling() {
    }

    /** {@code model.decode(latents)} in this thread, after {@code warmUp} calls. */
    public static Rate measure(GenerativeModel model, float[][] latents, int warmUp, Duration duration)
            throws Exception {
        float[] sink = new float[1];
        Rate rate = Rate.measure(() -> sink[0] += model.decode(latents)[0][0], latents.length, warmUp,
                duration.toMillis());
        if (Float.isNaN(sink[0])) {
            throw new IllegalStateException("ND4J sampling produced NaN");
        }
        return rate;
    }

    /** {@code n} rows of a flat array, the inverse of {@link #flat}. */
    public static float[][] rows(float[] flat, int n) {
        int d = flat.length / n;
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return out;
    }

    public static float[] flat(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * rows[i].length, rows[i].length);
        }
        return out;
    }
}
