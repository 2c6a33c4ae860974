package dev.hetflow.experiments.generation;

import dev.hetflow.sylvester.SampleMode;
import dev.hetflow.trainer.model.FfjordModel;
import dev.hetflow.trainer.model.SnfModel;
import dev.hetflow.trainer.model.TrainableModel;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Samples and latents of a trained model: FFJORD decodes standard normal latents through the reverse-time ODE and
 * encodes by the forward one; the SNF VAE decodes prior draws (the decoder's mean) and encodes to its flowed posterior
 * mean. Values are C*H*W normalized, channel-major, one array per sample.
 */
public final class Generator {

    private final TrainableModel model;

    public Generator(TrainableModel model) {
        this.model = model;
    }

    public float[][] sample(int n, long seed) {
        if (model instanceof FfjordModel f) {
            int d = f.shape().dimensions();
            SplittableRandom random = new SplittableRandom(seed);
            float[] z = new float[n * d];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) gaussian(random);
            }
            return split(f.sample(z, n), n);
        }
        SnfModel s = (SnfModel) model;
        try (INDArray x = s.vae().sample(n, SampleMode.MEAN)) {
            return split(x.dup('c').ravel().toFloatVector(), n);
        }
    }

    /** Latent codes of {@code samples} (FFJORD: z of dimension D; SNF: the posterior mean of dimension z). */
    public float[][] encode(float[][] samples) {
        int n = samples.length;
        float[] flat = flatten(samples);
        if (model instanceof FfjordModel f) {
            return split(f.encode(flat, n), n);
        }
        SnfModel s = (SnfModel) model;
        try (INDArray x = Nd4j.createFromArray(flat).reshape('c', n, model.shape().channels(), model.shape().height(),
                model.shape().width()); INDArray z = s.vae().encode(x)) {
            return split(z.dup('c').ravel().toFloatVector(), n);
        }
    }

    /** Samples decoded from the given latents (FFJORD: the reverse-time ODE; SNF: the decoder's mean). */
    public float[][] decode(float[][] latents) {
        int n = latents.length;
        int d = latents[0].length;
        float[] flat = flatten(latents);
        if (model instanceof FfjordModel f) {
            return split(f.sample(flat, n), n);
        }
        SnfModel s = (SnfModel) model;
        try (INDArray z = Nd4j.createFromArray(flat).reshape('c', n, d); INDArray x = s.vae().decoderMean(z)) {
            return split(x.dup('c').ravel().toFloatVector(), n);
        }
    }

    /** Equal-length rows laid end to end, the inverse of {@link #split}. */
    static float[] flatten(float[][] rows) {
        int d = rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return flat;
    }

    static float[][] split(float[] flat, int n) {
        int d = flat.length / n;
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
