package dev.hetflow.ffjord.dynamics;


import dev.hetflow.ffjord.params.ParameterStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float tapes take their own paths through the conv net (the thin layers' Java shift loops of {@link ShiftCopies}
 * and, with the Vector API, {@link VectorActivation}); the double tapes, which the finite-difference checks pin, take
 * ND4J's. Same parameters and inputs in both precisions must give the same outputs (primal and tangents), input
 * gradient and parameter gradient up to float rounding: 2e-5 relative to each array's largest entry, about 300
 * float ulps, for sums of a few hundred products per output in a three-layer net (seen: under 1e-6).
 * 2 -> 20 -> 20 -> 2 channels, so the first layer gathers its input's shifts, the middle runs per-tap GEMMs and the
 * last scatters its output gradient's shifts.
 */
class ConvDynamicsFloatTest {

    private static final int BATCH = 2;
    private static final int TANGENTS = 2;
    private static final double TOLERANCE = 2e-5;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void floatTapesMatchDoubleTapes(Activation act) {
        ConvSpec spec = new ConvSpec(2, 6, 5, List.of(20, 20), act);
        Result d = run(spec, DataType.DOUBLE);
        Result f = run(spec, DataType.FLOAT);
        assertClose(d.output, f.output, "outputs");
        assertClose(d.gradInput, f.gradInput, "input gradient");
        assertClose(d.gradParams, f.gradParams, "parameter gradient");
    }

    private record Result(INDArray output, INDArray gradInput, INDArray gradParams) {
    }

    private static Result run(ConvSpec spec, DataType type) {
        ParameterStore.Builder b = ParameterStore.builder();
        ConvDynamics net = new ConvDynamics(spec, b, "conv");
        ParameterStore store = b.build(type, 3);
        // the same values in both precisions: drawn in double from a fixed seed, then cast
        Random rng = new Random(11);
        store.values().assign(gaussian(rng, 0.3, 1, store.size()).castTo(type));
        net.bind(store);
        Dynamics.Tape tape = net.newTape(BATCH, TANGENTS);
        long rows = (1L + TANGENTS) * BATCH;
        tape.input().assign(gaussian(rng, 1, rows, net.dim()).castTo(type));
        INDArray out = net.forward(DynamicsCheck.T, tape).castTo(DataType.DOUBLE).dup();
        tape.gradOutput().assign(gaussian(rng, 1, rows, net.dim()).castTo(type));
        store.zeroGradients();
        INDArray gradInput = net.backward(tape, 1.0).castTo(DataType.DOUBLE).dup();
        return new Result(out, gradInput, store.gradients().castTo(DataType.DOUBLE).dup());
    }

    private static INDArray gaussian(Random rng, double scale, long... shape) {
        return DynamicsCheck.random(rng, shape).muli(scale);
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        DynamicsCheck.assertRelativelyClose(expected, actual, TOLERANCE, "float against double, " + what);
    }
}
