package dev.hetflow.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The one-pass update against what Adam did before it (libnd4j's fused AdamUpdater op, then theta -= update) and
 * against Algorithm 1 written out in doubles, on the layouts callers hand it: views into one flat store at offsets
 * other than 0, lengths that end mid-chunk, transposed arrays and gradients of another type or order.
 */
class AdamOnePassTest {

    private static final int STEPS = 6;
    private static final double[] LEARNING_RATES = {0.01, 0.01, 0.005, 0.02, 0.01, 0.001};
    /** Store layout: 3 values owned by nobody, a [2, 1050] slot (crosses a chunk), 7 more nobody's, a [5] slot. */
    private static final int HEAD = 3;
    private static final int SLOT_A = 2 * 1050;
    private static final int GAP = 7;
    private static final int SLOT_B = 5;
    private static final int FLAT = HEAD + SLOT_A + GAP + SLOT_B;

    /** Kingma and Ba, Algorithm 1, in doubles, on the C-order flattening of every array. */
    private static final class Reference {
        final double[] theta;
        final double[] m;
        final double[] v;
        int t;

        Reference(double[] theta) {
            this.theta = theta.clone();
            this.m = new double[theta.length];
            this.v = new double[theta.length];
        }

        void step(double[] g, double lr) {
            t++;
            for (int i = 0; i < theta.length; i++) {
                m[i] = Adam.BETA1 * m[i] + (1 - Adam.BETA1) * g[i];
                v[i] = Adam.BETA2 * v[i] + (1 - Adam.BETA2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(Adam.BETA1, t));
                double vHat = v[i] / (1 - Math.pow(Adam.BETA2, t));
                theta[i] -= lr * mHat / (Math.sqrt(vHat) + Adam.EPSILON);
            }
        }
    }

    /** The previous Adam.update for one array: the fused op turns a copy of g into the update, then p -= update. */
    private static void fusedStep(INDArray p, INDArray g, INDArray m, INDArray v, double lr, int stepIndex) {
        double epsilon = Adam.EPSILON * Math.sqrt(1 - Math.pow(Adam.BETA2, stepIndex + 1));
        INDArray update = g.dup('c').reshape(p.shape());
        Nd4j.exec(new AdamUpdater(update, v, m, lr, Adam.BETA1, Adam.BETA2, epsilon, stepIndex));
        p.subi(update);
    }

    private static double[] uniform(Random rng, int n, double scale) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (2 * rng.nextDouble() - 1) * scale;
        }
        return out;
    }

    /**
     * How far a float32 run may drift from the double reference or from another float32 run after STEPS steps:
     * theta (|theta| <= 2 here) is rounded to float once per step, half an ulp of 2 = 1.2e-7 each, 7.2e-7 over six
     * steps; the step itself (|step| <= about 3 lr <= 0.06) carries a few float ulps of relative error, under 1e-8
     * per step. 2e-6 bounds both with room; a wrong bias correction shifts theta by about 1e-3, eps in the wrong place
     * by a few 1e-6 (caught for certain by the double runs, whose tolerance is far below that).
     */
    private static final double FLOAT_TOLERANCE = 2e-6;
    /** Double runs differ from each other and from the reference only by rounding near 1e-16 per operation. */
    private static final double DOUBLE_TOLERANCE = 1e-12;

    @Test
    void viewsIntoAFlatStoreMatchTheFusedOpAndTheAlgorithmInFloatAndDouble() {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            double tolerance = type == DataType.FLOAT ? FLOAT_TOLERANCE : DOUBLE_TOLERANCE;
            Random rng = new Random(7);
            double[] initial = uniform(rng, FLAT, 1.0);
            INDArray flat = Nd4j.createFromArray(initial).castTo(type);
            INDArray gradFlat = Nd4j.zeros(type, FLAT);
            INDArray a = flat.get(NDArrayIndex.interval(HEAD, HEAD + SLOT_A)).reshape('c', 2, 1050);
            INDArray b = flat.get(NDArrayIndex.interval(FLAT - SLOT_B, FLAT));
            INDArray ga = gradFlat.get(NDArrayIndex.interval(HEAD, HEAD + SLOT_A)).reshape('c', 2, 1050);
            INDArray gb = gradFlat.get(NDArrayIndex.interval(FLAT - SLOT_B, FLAT));
            assertTrue(a.offset() == HEAD && b.offset() == FLAT - SLOT_B, "the slots are views at offsets > 0");
            // a third array on its own, and the fused op's copies of all three
            INDArray c = Nd4j.createFromArray(uniform(rng, 3, 2.0)).castTo(type).reshape(3, 1);
            List<INDArray> fused = List.of(a.dup('c'), b.dup('c'), c.dup('c'));
            List<INDArray> fusedM = new ArrayList<>();
            List<INDArray> fusedV = new ArrayList<>();
            for (INDArray f : fused) {
                fusedM.add(Nd4j.zeros(type, f.shape()));
                fusedV.add(Nd4j.zeros(type, f.shape()));
            }
            double[] start = concat(a, b, c);
            Reference reference = new Reference(start);
            Adam adam = new Adam(List.of(a, b, c));
            for (int s = 0; s < STEPS; s++) {
                double lr = LEARNING_RATES[s];
                // gradients of mixed scale, some below eps, so eps's place shows
                double[] g = uniform(rng, FLAT, s % 2 == 0 ? 3.0 : 1e-9);
                gradFlat.assign(Nd4j.createFromArray(g).castTo(type));
                INDArray gc = Nd4j.createFromArray(uniform(rng, 3, 0.5)).castTo(type);
                List<INDArray> gradients = List.of(ga, gb, gc);
                for (int k = 0; k < 3; k++) {
                    fusedStep(fused.get(k), gradients.get(k), fusedM.get(k), fusedV.get(k), lr, s);
                }
                reference.step(concat(ga, gb, gc), lr);
                adam.update(gradients, lr);
            }
            double[] got = concat(a, b, c);
            assertArrayEquals(reference.theta, got, tolerance, type + ": Algorithm 1");
            assertArrayEquals(concat(fused.get(0), fused.get(1), fused.get(2)), got, tolerance, type + ": fused op");
            double[] after = flat.toDoubleVector();
            for (int i = 0; i < FLAT; i++) {
                if (i < HEAD || (i >= HEAD + SLOT_A && i < FLAT - SLOT_B)) {
                    assertEquals(flat.dataType() == DataType.FLOAT ? (float) initial[i] : initial[i], after[i], 0.0,
                            type + ": store value " + i + " belongs to no parameter and must stay");
                }
            }
            // moments in the snapshot layout: every m, then every v
            float[] moments = adam.moments();
            assertEquals(2 * start.length, moments.length);
            for (int i = 0; i < start.length; i++) {
                assertEquals(reference.m[i], moments[i], 1e-6 * (1 + Math.abs(reference.m[i])), "m " + i);
                assertEquals(reference.v[i], moments[start.length + i], 1e-6 * (1 + Math.abs(reference.v[i])), "v " + i);
            }
        }
    }

    @Test
    void transposedParametersAndGradientsOfAnotherTypeOrOrderTakeTheCopyPathAndAgree() {
        Random rng = new Random(11);
        // p is the transpose of a dense [3, 4]: its C-order flattening is not its memory order
        INDArray p = Nd4j.createFromArray(uniform(rng, 12, 1.0)).reshape(3, 4).transpose();
        Reference reference = new Reference(p.dup('c').ravel().toDoubleVector());
        Adam adam = new Adam(List.of(p));
        for (int s = 0; s < STEPS; s++) {
            double[] g = uniform(rng, 12, 1.0);
            INDArray gradient = switch (s % 3) {
                case 0 -> Nd4j.createFromArray(g).reshape(4, 3);
                case 1 -> Nd4j.createFromArray(g).reshape(4, 3).dup('f');
                default -> Nd4j.createFromArray(g).castTo(DataType.FLOAT).castTo(DataType.DOUBLE);
            };
            reference.step(gradient.dup('c').ravel().toDoubleVector(), LEARNING_RATES[s]);
            adam.update(List.of(gradient), LEARNING_RATES[s]);
        }
        assertArrayEquals(reference.theta, p.dup('c').ravel().toDoubleVector(), DOUBLE_TOLERANCE);

        INDArray q = Nd4j.createFromArray(uniform(rng, 6, 1.0)).castTo(DataType.FLOAT);
        Reference floatReference = new Reference(q.toDoubleVector());
        Adam floatAdam = new Adam(List.of(q));
        for (int s = 0; s < STEPS; s++) {
            // a double gradient for a float parameter: cast, as the fused op's inputs were
            double[] g = uniform(rng, 6, 1.0);
            floatReference.step(g, LEARNING_RATES[s]);
            floatAdam.update(List.of(Nd4j.createFromArray(g)), LEARNING_RATES[s]);
        }
        assertArrayEquals(floatReference.theta, q.toDoubleVector(), FLOAT_TOLERANCE);
    }

    @Test
    void gradientsAreOnlyRead() {
        INDArray p = Nd4j.createFromArray(1f, 2f, 3f, 4f);
        INDArray g = Nd4j.createFromArray(0.5f, -1f, 2f, 0f);
        new Adam(List.of(p)).update(List.of(g), 0.1);
        assertArrayEquals(new float[] {0.5f, -1f, 2f, 0f}, g.toFloatVector(), 0f);
        // first step: m^ = g, v^ = g^2, so theta moves by lr sign(g) (less eps's share), and not at all where g = 0
        assertArrayEquals(new float[] {0.9f, 2.1f, 2.9f, 4f}, p.toFloatVector(), 1e-6f);
    }

    private static double[] concat(INDArray... arrays) {
        List<double[]> parts = new ArrayList<>();
        int n = 0;
        for (INDArray a : arrays) {
            double[] d = a.dup('c').ravel().toDoubleVector();
            parts.add(d);
            n += d.length;
        }
        double[] out = new double[n];
        int at = 0;
        for (double[] d : parts) {
            System.arraycopy(d, 0, out, at, d.length);
            at += d.length;
        }
        return out;
    }
}
