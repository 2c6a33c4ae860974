package dev.hetflow.ffjord.cnf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.dynamics.Dynamics;
import dev.hetflow.ffjord.dynamics.MlpDynamics;
import dev.hetflow.ffjord.dynamics.MlpSpec;
import dev.hetflow.ffjord.dynamics.TimeConditioning;
import dev.hetflow.ffjord.params.ParameterStore;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** E[eps^T J eps] = tr J: the mean of many Hutchinson draws equals the exact trace within its standard error. */
class HutchinsonTest {

    @ParameterizedTest
    @EnumSource(value = DivergenceMode.class, names = {"HUTCHINSON_RADEMACHER", "HUTCHINSON_GAUSSIAN"})
    void meanOfManyDrawsIsTheExactTrace(DivergenceMode mode) {
        ParameterStore.Builder b = ParameterStore.builder();
        MlpDynamics net = new MlpDynamics(new MlpSpec(4, List.of(16, 16), TimeConditioning.CONCATSQUASH,
                Activation.TANH), b, "f");
        ParameterStore store = b.build(DataType.DOUBLE, 5);
        store.values().muli(2);
        net.bind(store);
        double[] point = {0.3, -0.8, 1.1, 0.2};
        double t = 0.4;
        int draws = 40_000;
        // one state repeated in every row: each row gets its own independent probe
        INDArray z = Nd4j.createFromArray(point).reshape(1, 4).repeat(0, draws);

        OdeFunction exact = new OdeFunction(net, 1);
        exact.beginSolve(1, DivergenceMode.EXACT, DataType.DOUBLE);
        INDArray trace = Nd4j.create(DataType.DOUBLE, 1, 1);
        exact.evaluate(t, z.getRow(0, true), exact.newTape(), Nd4j.create(DataType.DOUBLE, 1, 4), trace);

        OdeFunction hutch = new OdeFunction(net, 2);
        hutch.beginSolve(draws, mode, DataType.DOUBLE);
        INDArray estimates = Nd4j.create(DataType.DOUBLE, draws, 1);
        OdeFunction.Slot tape = hutch.newTape();
        hutch.evaluate(t, z, tape, Nd4j.create(DataType.DOUBLE, draws, 4), estimates);

        double mean = estimates.meanNumber().doubleValue();
        double sd = estimates.stdNumber().doubleValue();
        double stderr = sd / Math.sqrt(draws);
        assertTrue(sd > 0, "single draws should vary");
        // 4.5 standard errors: a false failure has probability < 1e-5, while a biased estimator (e.g. a missing
        // factor or a wrong tangent) is off by O(sd) >> stderr
        assertEquals(trace.getDouble(0, 0), mean, 4.5 * stderr, mode + " mean " + mean + " +- " + stderr);
        assertEquals(2, exact.evaluations() + hutch.evaluations(), "NFE counts one per evaluation");
    }
}
