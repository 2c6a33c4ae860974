package dev.hetflow.experiments.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NearestNeighboursTest {

    @Test
    void predictionsMatchAFullSortOfAllDistances() {
        Random random = new Random(11);
        int n = 300;
        double[][] x = new double[n][6];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(4);
            for (int j = 0; j < 6; j++) {
                // overlapping classes, rounded so that equal distances (ties) happen
                x[i][j] = Math.round(2 * (y[i] * 0.5 + random.nextGaussian())) / 2.0;
            }
        }
        for (int k : new int[] {1, 3, 5, 8}) {
            NearestNeighbours knn = NearestNeighbours.fit(x, y, k);
            for (int q = 0; q < 200; q++) {
                double[] query = new double[6];
                for (int j = 0; j < 6; j++) {
                    query[j] = Math.round(2 * 2 * random.nextGaussian()) / 2.0;
                }
                assertEquals(bruteForce(x, y, k, query), knn.predict(query), "k = " + k + ", query " + q);
            }
        }
    }

    @Test
    void aTrainingPointIsItsOwnNearestNeighbour() {
        double[][] x = {{0, 0}, {10, 0}, {0, 10}};
        NearestNeighbours knn = NearestNeighbours.fit(x, new int[] {2, 0, 1}, 1);
        assertEquals(2, knn.predict(new double[] {0, 0}));
        assertEquals(0, knn.predict(new double[] {9, 1}));
        assertEquals(1, knn.predict(new double[] {1, 9}));
    }

    /** Sort every training point by (distance, index), vote over the first k, ties to the class met first. */
    private static int bruteForce(double[][] x, int[] y, int k, double[] q) {
        Integer[] order = IntStream.range(0, x.length).boxed().sorted(Comparator
                .comparingDouble((Integer i) -> NearestNeighbours.squaredDistance(x[i], q))
                .thenComparingInt(i -> i)).toArray(Integer[]::new);
        int[] votes = new int[8];
        for (int i = 0; i < k; i++) {
            votes[y[order[i]]]++;
        }
        int max = IntStream.of(votes).max().orElseThrow();
        for (int i = 0; i < k; i++) { // the nearest point of a class with the most votes
            if (votes[y[order[i]]] == max) {
                return y[order[i]];
            }
        }
        throw new AssertionError();
    }
}
