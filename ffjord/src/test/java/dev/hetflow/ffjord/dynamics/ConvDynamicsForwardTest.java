package dev.hetflow.ffjord.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hetflow.ffjord.params.ParameterStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The conv net's forward pass (primal and tangent rows) against ND4J's own conv2d op, NCHW, padding 1: the finite
 * difference checks of {@link ConvDynamicsGradientTest} only pin tangents and gradients to whatever forward computes,
 * so this pins forward itself, including the padded layout's borders (5 x 4 images: row and column edges differ).
 * Two nets: 2 -> 3 -> 4 -> 2 channels, and 1 -> 10 -> 10 -> 1, whose thin first and last layers take the gathered
 * backward paths of {@link ConvLayer.Mode} (their gradients are pinned in {@link ConvDynamicsGradientTest}).
 * Double precision, same sums in another order: 1e-12 relative.
 */
class ConvDynamicsForwardTest {

    private static final int[] CONV_ARGS = {3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 1};

    @ParameterizedTest
    @EnumSource(Activation.class)
    void forwardMatchesNd4jConv2d(Activation act) {
        check(new ConvSpec(2, 5, 4, List.of(3, 4), act));
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void thinFirstAndLastLayersMatchNd4jConv2d(Activation act) {
        ConvSpec spec = new ConvSpec(1, 5, 4, List.of(10, 10), act);
        assertEquals(List.of(ConvLayer.Mode.GATHER_INPUT, ConvLayer.Mode.TAPS, ConvLayer.Mode.SCATTER_OUTPUT),
                List.of(ConvLayer.Mode.of(1, 10), ConvLayer.Mode.of(10, 10), ConvLayer.Mode.of(10, 1)));
        check(spec);
    }

    private static void check(ConvSpec spec) {
        Activation act = spec.activation();
        int c = spec.channels();
        ParameterStore.Builder b = ParameterStore.builder();
        ConvDynamics net = new ConvDynamics(spec, b, "conv");
        ParameterStore store = b.build(DataType.DOUBLE, 7);
        store.values().addi(Nd4j.rand(DataType.DOUBLE, store.size()).subi(0.5).muli(0.4));
        net.bind(store);
        int batch = 3;
        int tangents = 2;
        double t = 0.61;
        Dynamics.Tape tape = net.newTape(batch, tangents);
        Random rng = new Random(3);
        INDArray input = DynamicsCheck.random(rng, (long) (1 + tangents) * batch, spec.dim());
        tape.input().assign(input);
        INDArray got = net.forward(t, tape).dup();
        // twice: the second run must not see anything the first left behind
        INDArray again = net.forward(t, tape);
        assertEquals(0, got.distance2(again), 0);

        INDArray h = input.getRows(range(0, batch)).reshape(batch, c, 5, 4);
        INDArray[] v = new INDArray[tangents];
        for (int k = 0; k < tangents; k++) {
            v[k] = input.getRows(range((k + 1) * batch, (k + 2) * batch)).reshape(batch, c, 5, 4);
        }
        INDArray ones = Nd4j.ones(DataType.DOUBLE, 1, 1, 5, 4);
        int n = spec.hidden().size() + 1;
        for (int l = 0; l < n; l++) {
            String p = "conv.layers." + l;
            INDArray w = store.value(store.slot(p + ".weight"));
            INDArray k = store.value(store.slot(p + ".time_weight"));
            INDArray bias = store.value(store.slot(p + ".bias"));
            INDArray a = conv(h, w).addi(conv(ones, k).muli(t)).addi(bias.reshape(1, -1, 1, 1));
            INDArray slope = act == Activation.TANH ? Transforms.tanh(a, true).rsubi(0).muli(Transforms.tanh(a, true))
                    .addi(1) : Transforms.sigmoid(a, true);
            for (int j = 0; j < tangents; j++) {
                v[j] = conv(v[j], w);
                if (l < n - 1) {
                    v[j].muli(slope);
                }
            }
            h = l < n - 1 ? (act == Activation.TANH ? Transforms.tanh(a, true) : Transforms.softPlus(a, true)) : a;
        }
        INDArray expected = Nd4j.vstack(h.reshape(batch, spec.dim()), v[0].reshape(batch, spec.dim()),
                v[1].reshape(batch, spec.dim()));
        assertEquals(0, expected.distance2(got) / expected.norm2Number().doubleValue(), 1e-12);
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static INDArray conv(INDArray x, INDArray w) {
        INDArray out = Nd4j.create(DataType.DOUBLE, x.size(0), w.size(0), x.size(2), x.size(3));
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w).addOutputs(out)
                .addIntegerArguments(CONV_ARGS).build());
        return out;
    }
}
