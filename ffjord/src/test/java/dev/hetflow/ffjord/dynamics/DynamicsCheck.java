package dev.hetflow.ffjord.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.params.ParameterStore;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference checks of any {@link Dynamics} in double precision. Central differences with step 1e-5 have
 * O(h^2) ~ 1e-10 truncation and ~1e-16 / 1e-5 = 1e-11 rounding error, so 1e-6 relative agreement is strict.
 */
final class DynamicsCheck {

    static final double H = 1e-5;
    static final double T = 0.37;

    private DynamicsCheck() {
    }

    static INDArray random(Random rng, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, rng.nextGaussian());
        }
        return a;
    }

    /** Asserts that actual is within tolerance x (expected's largest entry) of expected, entry by entry. */
    static void assertRelativelyClose(INDArray expected, INDArray actual, double tolerance, String what) {
        double scale = expected.amaxNumber().doubleValue();
        double worst = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(worst <= tolerance * scale, what + ": differs by " + worst + " (largest entry " + scale + ")");
    }

    static INDArray eval(Dynamics net, Dynamics.Tape tape, INDArray input) {
        tape.input().assign(input);
        return net.forward(T, tape).dup();
    }

    /** Tangent block k of the output equals (f(z + h v_k) - f(z - h v_k)) / 2h. */
    static void tangentsAreJacobianVectorProducts(Dynamics net, int batch, int tangents, long seed) {
        Random rng = new Random(seed);
        int d = net.dim();
        Dynamics.Tape tape = net.newTape(batch, tangents);
        INDArray input = random(rng, (long) (1 + tangents) * batch, d);
        INDArray out = eval(net, tape, input);
        Dynamics.Tape primalOnly = net.newTape(batch, 0);
        for (int k = 1; k <= tangents; k++) {
            INDArray z = Rows.block(input, 0, batch);
            INDArray v = Rows.block(input, k, batch);
            INDArray fd = eval(net, primalOnly, z.add(v.mul(H))).subi(eval(net, primalOnly, z.sub(v.mul(H))))
                    .divi(2 * H);
            INDArray jv = Rows.block(out, k, batch);
            assertEquals(0, fd.distance2(jv) / (1e-12 + jv.norm2Number().doubleValue()), 1e-7, "tangent block " + k);
        }
    }

    /** backward of L = sum(weights * stacked output) equals central differences wrt parameters and states. */
    static void backwardMatchesFiniteDifferences(Dynamics net, ParameterStore store, int batch, int tangents,
            long seed, int paramStride) {
        Random rng = new Random(seed);
        int d = net.dim();
        Dynamics.Tape tape = net.newTape(batch, tangents);
        INDArray input = random(rng, (long) (1 + tangents) * batch, d);
        INDArray weights = random(rng, (long) (1 + tangents) * batch, d);
        eval(net, tape, input);
        tape.gradOutput().assign(weights);
        store.zeroGradients();
        double scale = 0.75;
        INDArray gradZ = net.backward(tape, scale).dup();
        INDArray gradTheta = store.gradients().dup().divi(scale);
        INDArray theta = store.values();
        double worst = 0;
        for (long i = 0; i < theta.length(); i += paramStride) {
            double old = theta.getDouble(i);
            theta.putScalar(i, old + H);
            double lp = eval(net, tape, input).mul(weights).sumNumber().doubleValue();
            theta.putScalar(i, old - H);
            double lm = eval(net, tape, input).mul(weights).sumNumber().doubleValue();
            theta.putScalar(i, old);
            double fd = (lp - lm) / (2 * H);
            // floor 1e-4: components below it carry ~1e-11 absolute finite-difference noise, not signal
            worst = Math.max(worst, Math.abs(fd - gradTheta.getDouble(i)) / (1e-4 + Math.abs(fd)));
        }
        assertTrue(worst < 1e-6, "parameter gradient relative error " + worst);
        for (int r = 0; r < batch; r++) {
            for (int c = 0; c < d; c += Math.max(1, d / 7)) {
                INDArray p = input.dup();
                p.putScalar(r, c, input.getDouble(r, c) + H);
                INDArray m = input.dup();
                m.putScalar(r, c, input.getDouble(r, c) - H);
                double fd = (eval(net, tape, p).mul(weights).sumNumber().doubleValue()
                        - eval(net, tape, m).mul(weights).sumNumber().doubleValue()) / (2 * H);
                assertEquals(fd, gradZ.getDouble(r, c), 1e-7 * (1 + Math.abs(fd)), "dL/dz[" + r + "," + c + "]");
            }
        }
    }
}
