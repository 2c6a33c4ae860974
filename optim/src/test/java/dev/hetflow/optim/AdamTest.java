package dev.hetflow.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamTest {

    /** Algorithm 1 of Kingma and Ba written out in doubles: bias-corrected moments, eps beside sqrt(v^). */
    private static double[] reference(double[] theta, double[][] grads, double lr) {
        double[] p = theta.clone();
        double[] m = new double[p.length];
        double[] v = new double[p.length];
        for (int t = 1; t <= grads.length; t++) {
            for (int i = 0; i < p.length; i++) {
                double g = grads[t - 1][i];
                m[i] = Adam.BETA1 * m[i] + (1 - Adam.BETA1) * g;
                v[i] = Adam.BETA2 * v[i] + (1 - Adam.BETA2) * g * g;
                double mHat = m[i] / (1 - Math.pow(Adam.BETA1, t));
                double vHat = v[i] / (1 - Math.pow(Adam.BETA2, t));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + Adam.EPSILON);
            }
        }
        return p;
    }

    @Test
    void tinyGradientsSeeEpsilonWhereAlgorithmOnePutsIt() {
        // |g| = 1e-9 is below eps = 1e-8: here eps's place decides the step (textbook: lr g / (|g| + eps) ~ lr / 11)
        INDArray a = Nd4j.createFromArray(new double[] {0.0});
        Adam adam = new Adam(List.of(a));
        adam.update(List.of(Nd4j.createFromArray(new double[] {1e-9})), 1.0);
        double expected = reference(new double[] {0}, new double[][] {{1e-9}}, 1.0)[0];
        assertEquals(expected, a.getDouble(0), 1e-12);
        assertEquals(-1.0 / 11, expected, 1e-9);
    }

    @Test
    void stepsOverSeveralArraysMatchTheAlgorithmWrittenOut() {
        INDArray a = Nd4j.createFromArray(new double[] {1.0, -2.0, 0.5}).castTo(DataType.DOUBLE);
        INDArray b = Nd4j.createFromArray(new double[][] {{3.0, 0.0}, {-1.0, 2.0}});
        Adam adam = new Adam(List.of(a, b));
        double[][] grads = {{0.3, -1.0, 2.0, 0.1, -0.2, 0.0, 5.0}, {-0.1, 0.4, 1.0, 0.3, 0.3, -2.0, 1.0},
            {0.2, 0.2, -0.5, 0.0, 1.0, 1.0, -3.0}};
        for (double[] g : grads) {
            adam.update(List.of(Nd4j.createFromArray(g[0], g[1], g[2]),
                    Nd4j.createFromArray(new double[][] {{g[3], g[4]}, {g[5], g[6]}})), 0.01);
        }
        double[] expected = reference(new double[] {1.0, -2.0, 0.5, 3.0, 0.0, -1.0, 2.0}, grads, 0.01);
        double[] got = new double[7];
        System.arraycopy(a.toDoubleVector(), 0, got, 0, 3);
        System.arraycopy(b.ravel().toDoubleVector(), 0, got, 3, 4);
        // double precision throughout: only rounding separates the two
        assertArrayEquals(expected, got, 1e-12);
        assertEquals(3, adam.step());
    }

    @Test
    void momentsRestoreIntoAFreshOptimizerAndContinueIdentically() {
        INDArray p1 = Nd4j.createFromArray(1f, 2f, 3f);
        INDArray p2 = Nd4j.createFromArray(1f, 2f, 3f);
        Adam first = new Adam(List.of(p1));
        first.update(List.of(Nd4j.createFromArray(0.5f, -1f, 2f)), 0.1);
        Adam second = new Adam(List.of(p2));
        p2.assign(p1);
        second.restore(first.moments(), first.step());
        first.update(List.of(Nd4j.createFromArray(1f, 1f, -1f)), 0.1);
        second.update(List.of(Nd4j.createFromArray(1f, 1f, -1f)), 0.1);
        assertArrayEquals(p1.toFloatVector(), p2.toFloatVector(), 0f);
        assertThrows(IllegalArgumentException.class, () -> second.update(List.of(Nd4j.zeros(3)), Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> second.restore(new float[5], 1));
    }
}
