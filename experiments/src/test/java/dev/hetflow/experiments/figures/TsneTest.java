package dev.hetflow.experiments.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TsneTest {

    @Test
    void eachRowsPerplexityIsCalibratedExactly() {
        double[][] x = gaussian(new Random(1), 40, 5, 1.0);
        double[] d = Tsne.squaredDistances(x);
        double[] row = new double[40 * 40];
        double perplexity = 7;
        for (int i = 0; i < 40; i++) {
            Tsne.conditionalRow(d, 40, i, Math.log(perplexity), row);
            double entropy = 0;
            double sum = 0;
            for (int j = 0; j < 40; j++) {
                double p = row[i * 40 + j];
                sum += p;
                entropy -= p > 0 ? p * Math.log(p) : 0;
            }
            // the bisection stops within 1e-10 nats of log(perplexity); 1e-8 leaves room for the summation
            assertEquals(1.0, sum, 1e-12);
            assertEquals(Math.log(perplexity), entropy, 1e-8, "row " + i);
        }
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheKlCost() {
        Random random = new Random(2);
        Tsne tsne = Tsne.of(gaussian(random, 9, 4, 1.0), 2, 3);
        double[] y = new double[9 * 2];
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextGaussian();
        }
        double[] analytic = new double[y.length];
        tsne.gradient(y, 1, analytic);
        double h = 1e-5;
        for (int k = 0; k < y.length; k++) {
            double[] plus = y.clone();
            double[] minus = y.clone();
            plus[k] += h;
            minus[k] -= h;
            double numeric = (tsne.cost(plus) - tsne.cost(minus)) / (2 * h);
            // central differences: truncation O(h^2) ~ 1e-10, rounding ~ 1e-16 / 1e-5 = 1e-11, on gradients ~ 0.1
            assertEquals(numeric, analytic[k], 1e-7 + 1e-6 * Math.abs(numeric), "coordinate " + k);
        }
    }

    @Test
    void wellSeparatedClustersStaySeparatedIn2d() {
        Random random = new Random(3);
        int perCluster = 40;
        int clusters = 3;
        double[][] x = new double[perCluster * clusters][];
        int[] label = new int[x.length];
        for (int c = 0; c < clusters; c++) {
            double[] centre = new double[10];
            centre[c] = 20; // centres 20 * sqrt(2) apart, points spread sigma = 1 per dimension
            for (int i = 0; i < perCluster; i++) {
                double[] p = new double[10];
                for (int j = 0; j < 10; j++) {
                    p[j] = centre[j] + random.nextGaussian();
                }
                x[c * perCluster + i] = p;
                label[c * perCluster + i] = c;
            }
        }
        Tsne.Embedding e = Tsne.of(x, 2, 15).embed(500, Tsne.learningRate(x.length), 7);
        double[][] y = e.coordinates();
        // every point's nearest neighbour in the map belongs to its own cluster
        for (int i = 0; i < y.length; i++) {
            int nearest = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < y.length; j++) {
                double d = j == i ? Double.POSITIVE_INFINITY : dist2(y[i], y[j]);
                if (d < best) {
                    best = d;
                    nearest = j;
                }
            }
            assertEquals(label[i], label[nearest], "point " + i);
        }
        // and the clusters are far apart compared with their size: the closest pair of centroids is more than
        // four times the largest mean distance of a cluster's points to its centroid
        double[][] centroid = new double[clusters][2];
        for (int i = 0; i < y.length; i++) {
            centroid[label[i]][0] += y[i][0] / perCluster;
            centroid[label[i]][1] += y[i][1] / perCluster;
        }
        double spread = 0;
        for (int c = 0; c < clusters; c++) {
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                s += label[i] == c ? Math.sqrt(dist2(y[i], centroid[c])) / perCluster : 0;
            }
            spread = Math.max(spread, s);
        }
        double gap = Double.POSITIVE_INFINITY;
        for (int a = 0; a < clusters; a++) {
            for (int b = a + 1; b < clusters; b++) {
                gap = Math.min(gap, Math.sqrt(dist2(centroid[a], centroid[b])));
            }
        }
        assertTrue(gap > 4 * spread, "centroid gap " + gap + " vs spread " + spread);
        assertTrue(Double.isFinite(e.cost()) && e.cost() >= 0, "KL divergence " + e.cost());
    }

    private static double dist2(double[] a, double[] b) {
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        return dx * dx + dy * dy;
    }

    private static double[][] gaussian(Random random, int n, int d, double sigma) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = sigma * random.nextGaussian();
            }
        }
        return x;
    }
}
