package dev.hetflow.ffjord.dynamics;

import dev.hetflow.ffjord.params.ParameterStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The conv net's tangents and hand-written backward against central differences (see {@link DynamicsCheck}). */
class ConvDynamicsGradientTest {

    private static ConvDynamics net;
    private static ParameterStore store;

    private static void build(Activation act) {
        build(new ConvSpec(2, 4, 5, List.of(3), act));
    }

    private static void build(ConvSpec spec) {
        ParameterStore.Builder b = ParameterStore.builder();
        net = new ConvDynamics(spec, b, "conv");
        store = b.build(DataType.DOUBLE, 3);
        // seeded: with ND4J's global generator the draw changed from run to run, and one draw in many put the thin
        // net's worst parameter component at 1.09e-6 relative finite-difference error, just past the 1e-6 bound
        Random rng = new Random(17);
        INDArray values = store.values();
        for (long i = 0; i < values.length(); i++) {
            values.putScalar(i, values.getDouble(i) + 0.2 * (rng.nextDouble() - 0.5));
        }
        net.bind(store);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void tangentIsJacobianVectorProduct(Activation act) {
        build(act);
        DynamicsCheck.tangentsAreJacobianVectorProducts(net, 2, 2, 1);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void backwardMatchesFiniteDifferences(Activation act) {
        build(act);
        DynamicsCheck.backwardMatchesFiniteDifferences(net, store, 2, 1, 2, 1);
    }

    /** 1 -> 10 -> 1 channels: the first layer gathers its input's shifts, the last scatters its output's. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void thinLayersMatchFiniteDifferences(Activation act) {
        build(new ConvSpec(1, 4, 5, List.of(10), act));
        DynamicsCheck.tangentsAreJacobianVectorProducts(net, 2, 2, 3);
        DynamicsCheck.backwardMatchesFiniteDifferences(net, store, 2, 1, 4, 1);
    }
}
