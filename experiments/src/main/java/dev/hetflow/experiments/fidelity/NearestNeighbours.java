package dev.hetflow.experiments.fidelity;

import java.util.PriorityQueue;

/**
 * A plain k-nearest-neighbour classifier (squared Euclidean distance, majority vote of the k nearest training points;
 * a tied vote goes to the tied class whose member is nearest, equal distances ordered by training index). Brute force over the training set with a bounded heap.
 */
final class NearestNeighbours {

    private final double[][] x;
    private final int[] y;
    private final int k;
    private final int classes;

    private NearestNeighbours(double[][] x, int[] y, int k, int classes) {
        this.x = x;
        this.y = y;
        this.k = k;
        this.classes = classes;
    }

    static NearestNeighbours fit(double[][] x, int[] y, int k) {
        if (x.length == 0 || x.length != y.length || k < 1 || k > x.length) {
            throw new IllegalArgumentException("k-NN needs as many labels as points (" + x.length + ", "
                    + y.length + ") and 1 <= k <= points, got k = " + k);
        }
        int classes = 0;
        for (int label : y) {
            if (label < 0) {
                throw new IllegalArgumentException("class labels must be >= 0, got " + label);
            }
            classes = Math.max(classes, label + 1);
        }
        return new NearestNeighbours(x, y.clone(), k, classes);
    }

    int predict(double[] q) {
        // max-heap on (distance, index): the head is the farthest of the k kept so far
        PriorityQueue<double[]> nearest = new PriorityQueue<>(k + 1, (a, b) -> a[0] != b[0]
                ? Double.compare(b[0], a[0]) : Double.compare(b[1], a[1]));
        for (int i = 0; i < x.length; i++) {
            double d = squaredDistance(x[i], q);
            if (nearest.size() < k) {
                nearest.add(new double[] {d, i});
            } else {
                double[] far = nearest.peek();
                if (d < far[0] || (d == far[0] && i < far[1])) {
                    nearest.poll();
                    nearest.add(new double[] {d, i});
                }
            }
        }
        int[] votes = new int[classes];
        double[] closest = new double[classes];
        int[] closestIndex = new int[classes];
        java.util.Arrays.fill(closest, Double.POSITIVE_INFINITY);
        for (double[] e : nearest) {
            int i = (int) e[1];
            int label = y[i];
            votes[label]++;
            if (e[0] < closest[label] || (e[0] == closest[label] && i < closestIndex[label])) {
                closest[label] = e[0];
                closestIndex[label] = i;
            }
        }
        int best = 0;
        for (int c = 1; c < classes; c++) {
            boolean nearer = closest[c] < closest[best]
                    || (closest[c] == closest[best] && closestIndex[c] < closestIndex[best]);
            if (votes[c] > votes[best] || (votes[c] == votes[best] && nearer)) {
                best = c;
            }
        }
        return best;
    }

    static double squaredDistance(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("points of " + a.length + " and " + b.length + " dimensions");
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }
}
