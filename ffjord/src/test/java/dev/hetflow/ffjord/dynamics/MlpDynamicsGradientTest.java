package dev.hetflow.ffjord.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.params.ParameterStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The MLP's tangent output equals the Jacobian-vector product from central differences, and its hand-written backward
 * equals central differences of a random linear functional of the whole stacked output, for parameters and inputs.
 * Double precision with step 1e-5: central differences have O(h^2) ~ 1e-10 truncation and ~1e-16/1e-5 = 1e-11
 * rounding error, so agreement to 1e-7 relative is a strict check.
 */
class MlpDynamicsGradientTest {

    private static final int BATCH = 3;
    private static final int TANGENTS = 2;
    private static final double T = 0.37;
    private static final double H = 1e-5;

    private ParameterStore store;
    private MlpDynamics net;

    private void build(TimeConditioning cond, Activation act) {
        ParameterStore.Builder b = ParameterStore.builder();
        net = new MlpDynamics(new MlpSpec(3, List.of(5, 4), cond, act), b, "f");
        store = b.build(DataType.DOUBLE, 7);
        // non-zero hyper-parameters everywhere so every path is exercised
        store.values().addi(Nd4j.rand(DataType.DOUBLE, store.size()).subi(0.5).muli(0.2));
        net.bind(store);
    }

    private static INDArray random(Random rng, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, rng.nextGaussian());
        }
        return a;
    }

    private INDArray eval(Dynamics.Tape tape, INDArray input) {
        tape.input().assign(input);
        return net.forward(T, tape).dup();
    }

    @ParameterizedTest
    @CsvSource({"CONCAT,TANH", "CONCATSQUASH,TANH", "CONCAT,SOFTPLUS", "CONCATSQUASH,SOFTPLUS"})
    void tangentIsJacobianVectorProduct(TimeConditioning cond, Activation act) {
        build(cond, act);
        Random rng = new Random(1);
        Dynamics.Tape tape = net.newTape(BATCH, TANGENTS);
        INDArray input = random(rng, (1 + TANGENTS) * BATCH, 3);
        INDArray out = eval(tape, input);
        Dynamics.Tape primalOnly = net.newTape(BATCH, 0);
        for (int k = 1; k <= TANGENTS; k++) {
            INDArray z = Rows.block(input, 0, BATCH);
            INDArray v = Rows.block(input, k, BATCH);
            INDArray plus = eval(primalOnly, z.add(v.mul(H)));
            INDArray minus = eval(primalOnly, z.sub(v.mul(H)));
            INDArray fd = plus.subi(minus).divi(2 * H);
            INDArray jv = Rows.block(out, k, BATCH);
            assertEquals(0, fd.distance2(jv) / (1e-12 + jv.norm2Number().doubleValue()), 1e-7,
                    "tangent block " + k);
        }
    }

    @ParameterizedTest
    @CsvSource({"CONCAT,TANH", "CONCATSQUASH,TANH", "CONCAT,SOFTPLUS", "CONCATSQUASH,SOFTPLUS"})
    void backwardMatchesFiniteDifferences(TimeConditioning cond, Activation act) {
        build(cond, act);
        Random rng = new Random(2);
        Dynamics.Tape tape = net.newTape(BATCH, TANGENTS);
        INDArray input = random(rng, (1 + TANGENTS) * BATCH, 3);
        INDArray weights = random(rng, (1 + TANGENTS) * BATCH, 3);
        // L = sum(weights * output)
        eval(tape, input);
        tape.gradOutput().assign(weights);
        store.zeroGradients();
        double scale = 0.75;
        INDArray gradZ = net.backward(tape, scale).dup();
        INDArray gradTheta = store.gradients().dup().divi(scale);

        INDArray theta = store.values();
        double worst = 0;
        for (long i = 0; i < theta.length(); i++) {
            double old = theta.getDouble(i);
            theta.putScalar(i, old + H);
            double lp = eval(tape, input).mul(weights).sumNumber().doubleValue();
            theta.putScalar(i, old - H);
            double lm = eval(tape, input).mul(weights).sumNumber().doubleValue();
            theta.putScalar(i, old);
            double fd = (lp - lm) / (2 * H);
            // floor 1e-4: components below it carry ~1e-11 absolute finite-difference noise, not signal
            worst = Math.max(worst, Math.abs(fd - gradTheta.getDouble(i)) / (1e-4 + Math.abs(fd)));
        }
        assertTrue(worst < 1e-6, "parameter gradient relative error " + worst);

        for (int r = 0; r < BATCH; r++) {
            for (int c = 0; c < 3; c++) {
                INDArray p = input.dup();
                p.putScalar(r, c, input.getDouble(r, c) + H);
                INDArray m = input.dup();
                m.putScalar(r, c, input.getDouble(r, c) - H);
                double fd = (eval(tape, p).mul(weights).sumNumber().doubleValue()
                        - eval(tape, m).mul(weights).sumNumber().doubleValue()) / (2 * H);
                assertEquals(fd, gradZ.getDouble(r, c), 1e-7 * (1 + Math.abs(fd)), "dL/dz[" + r + "," + c + "]");
            }
        }
    }
}
