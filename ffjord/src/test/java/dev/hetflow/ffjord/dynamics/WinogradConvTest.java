package dev.hetflow.ffjord.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hetflow.ffjord.params.ParameterStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The wide layers' F(4x4, 3x3) Winograd tiles ({@link WinogradConv}) against the nine taps' GEMMs in double, which
 * the finite-difference checks of {@link ConvDynamicsGradientTest} pin: same parameters and inputs give the same
 * outputs (primal and tangents), input gradient and parameter gradient. Tolerance 1e-4 relative to each array's
 * largest entry: F(4, 3)'s transforms scale terms by up to 8 x 8 before the inverse transform cancels them, so its
 * float rounding is about 10-50x the direct sum's (Lavin and Gray report 10^-5-level errors for F(4x4, 3x3) in float);
 * a wrong transform entry, tile offset or adjoint gives errors of order 1 (seen: 1.0e-6 to 1.0e-5; one entry of
 * an adjoint off by 0.1 % fails). Images 8 x 12 (two tile rows, three tile
 * columns, not square) with 32 hidden channels, two tiled layers; with batch 2 and two tangents each tape stacks six
 * images, the input gradient is wanted on the first two only (the net's input layer) or on all six (the next layer).
 * Runs twice in a row on the same tapes, so what a first evaluation leaves in the shared tile matrices and padding
 * cannot leak into the second.
 */
class WinogradConvTest {

    private static final int BATCH = 2;
    private static final int TANGENTS = 2;
    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @CsvSource({"SOFTPLUS, 8, 12", "TANH, 12, 8", "SOFTPLUS, 4, 4"})
    void tilesMatchTheTapsInDouble(Activation act, int height, int width) {
        assumeTrue(VectorSupport.AVAILABLE, "the Vector API module is on the test JVM (see ffjord/pom.xml)");
        ConvSpec spec = new ConvSpec(2, height, width, List.of(32, 32, 32), act);
        Result taps = run(spec, DataType.DOUBLE, false, 0);
        Result tiles = run(spec, DataType.FLOAT, true, 2);
        assertClose(taps.output, tiles.output, "outputs");
        assertClose(taps.gradInput, tiles.gradInput, "input gradient");
        assertClose(taps.gradParams, tiles.gradParams, "parameter gradient");
    }

    private record Result(INDArray output, INDArray gradInput, INDArray gradParams) {
    }

    private static Result run(ConvSpec spec, DataType type, boolean winograd, int tiledLayers) {
        ParameterStore.Builder b = ParameterStore.builder();
        ConvDynamics net = new ConvDynamics(spec, b, "conv", winograd);
        ParameterStore store = b.build(type, 3);
        Random rng = new Random(5);
        store.values().assign(gaussian(rng, 0.3, 1, store.size()).castTo(type));
        net.bind(store);
        assertEquals(tiledLayers, net.tiledLayers(), "layers on Winograd tiles");
        Dynamics.Tape tape = net.newTape(BATCH, TANGENTS);
        long rows = (1L + TANGENTS) * BATCH;
        Result last = null;
        for (int round = 0; round < 2; round++) {
            tape.input().assign(gaussian(rng, 1, rows, net.dim()).castTo(type));
            INDArray out = net.forward(0.4 + round, tape).castTo(DataType.DOUBLE).dup();
            tape.gradOutput().assign(gaussian(rng, 1, rows, net.dim()).castTo(type));
            store.zeroGradients();
            INDArray gradInput = net.backward(tape, 0.5).castTo(DataType.DOUBLE).dup();
            last = new Result(out, gradInput, store.gradients().castTo(DataType.DOUBLE).dup());
        }
        return last;
    }

    private static INDArray gaussian(Random rng, double scale, long... shape) {
        return DynamicsCheck.random(rng, shape).muli(scale);
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        DynamicsCheck.assertRelativelyClose(expected, actual, TOLERANCE, "tiles against taps, " + what);
    }
}
