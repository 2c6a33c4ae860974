package dev.hetflow.experiments.figures;

import smile.manifold.TSNE;

/** Smile's t-SNE of latent codes to 2-D (the perplexity capped for small point sets). */
public final class LatentMap {

    /** Smile's default learning rate. */
    private static final double ETA = 200;

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
        double perplexity = Math.min(30, Math.max(2, (latents.length - 1) / 3.0));
        TSNE tsne = new TSNE(x, 2, perplexity, ETA, iterations);
        return new Embedding(tsne.coordinates, tsne.cost());
    }

    /** t-SNE coordinates and KL divergence. */
    public record Embedding(double[][] coordinates, double cost) {
    }
}
