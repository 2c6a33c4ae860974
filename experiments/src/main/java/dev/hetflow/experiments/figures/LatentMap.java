package dev.hetflow.experiments.figures;

/** Exact t-SNE ({@link Tsne}) of latent codes to 2-D (the perplexity capped for small point sets). */
public final class LatentMap {

    /** Seeds the initial layout, so a report is reproducible. */
    private static final long SEED = 42;

    private LatentMap() {
    }

    /**
     * @return the 2-D coordinates and the final KL divergence of the embedding
     */
    public static Embedding embed(float[][] latents, int iterations) {
        double[][] x = new double[latents.length][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[latents[i].length];
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = Float.isFinite(latents[i][j]) ? latents[i][j] : 0;
            }
        }
        double perplexity = Math.min(latents.length - 1, Math.min(30, Math.max(2, (latents.length - 1) / 3.0)));
        Tsne.Embedding e = Tsne.of(x, 2, perplexity).embed(iterations, Tsne.learningRate(x.length), SEED);
        return new Embedding(e.coordinates(), e.cost());
    }

    /** t-SNE coordinates and KL divergence. */
    public record Embedding(double[][] coordinates, double cost) {
    }
}
