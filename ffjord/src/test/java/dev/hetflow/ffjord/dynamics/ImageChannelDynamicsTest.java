package dev.hetflow.ffjord.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.params.ParameterStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The image-only dynamics: label planes never move (primal and tangent rows), image channels move as the free net
 * says, and the reverse pass matches central differences (tolerances of {@link DynamicsCheck}).
 */
class ImageChannelDynamicsTest {

    private static final int H = 4;
    private static final int W = 5;
    private static final int IMAGE = 2 * H * W;
    private ImageChannelDynamics net;
    private ParameterStore store;

    @BeforeEach
    void build() {
        ParameterStore.Builder b = ParameterStore.builder();
        net = new ImageChannelDynamics(new ConvSpec(3, H, W, List.of(4), Activation.SOFTPLUS), 1, null, b, "net");
        store = b.build(DataType.DOUBLE, 5);
        net.bind(store);
    }

    @Test
    void labelPlanesStayAndImagesMoveAsTheFreeNetSays() {
        int batch = 2;
        INDArray in = DynamicsCheck.random(new Random(1), 2 * batch, net.dim());
        INDArray mine = DynamicsCheck.eval(net, net.newTape(batch, 1), in).dup();
        INDArray free = DynamicsCheck.eval(net.free(), net.free().newTape(batch, 1), in);
        double freeLabelMotion = 0;
        for (int r = 0; r < 2 * batch; r++) {
            for (int c = 0; c < net.dim(); c++) {
                if (c < IMAGE) {
                    assertEquals(free.getDouble(r, c), mine.getDouble(r, c), 1e-12);
                } else {
                    assertEquals(0.0, mine.getDouble(r, c), 0.0, "label column " + c + " of row " + r);
                    freeLabelMotion += Math.abs(free.getDouble(r, c));
                }
            }
        }
        assertTrue(freeLabelMotion > 1e-3, "the free net alone would move the labels: the mask is what holds them");
    }

    /** A code that reads the sign of the label plane's pixel 0: piecewise constant, like a class read from it. */
    private static final LabelCode SIGN = new LabelCode() {
        @Override
        public void prepare() {
        }

        @Override
        public void code(double[] z, int at, double[] out, int outAt) {
            java.util.Arrays.fill(out, outAt, outAt + H * W, z[at] > 0 ? 0.5 : -0.5);
        }
    };

    private ImageChannelDynamics coded() {
        ParameterStore.Builder b = ParameterStore.builder();
        ImageChannelDynamics c = new ImageChannelDynamics(new ConvSpec(3, H, W, List.of(4), Activation.SOFTPLUS), 1,
                SIGN, b, "net");
        ParameterStore s = b.build(DataType.DOUBLE, 5);
        c.bind(s);
        codedStore = s;
        return c;
    }

    private ParameterStore codedStore;

    @Test
    void aCodedNetSeesTheCodeNotTheLabelsLatentValues() {
        ImageChannelDynamics c = coded();
        INDArray in = DynamicsCheck.random(new Random(6), 1, c.dim());
        in.putScalar(0, IMAGE, 1.0);
        INDArray base = DynamicsCheck.eval(c, c.newTape(1, 0), in);
        // another latent value in the same cell (and other label pixels): the same velocity
        INDArray same = in.dup();
        same.putScalar(0, IMAGE, 2.5);
        same.putScalar(0, IMAGE + 3, -4.0);
        assertEquals(0, DynamicsCheck.eval(c, c.newTape(1, 0), same).distance2(base), 1e-12);
        // the other cell: the images move otherwise
        INDArray other = in.dup();
        other.putScalar(0, IMAGE, -1.0);
        assertTrue(DynamicsCheck.eval(c, c.newTape(1, 0), other).distance2(base) > 1e-4);
    }

    @Test
    void codedTangentsAndBackwardMatchFiniteDifferences() {
        // random latents sit far from the code's one edge (0) against steps of 1e-5
        ImageChannelDynamics c = coded();
        DynamicsCheck.tangentsAreJacobianVectorProducts(c, 2, 2, 3);
        DynamicsCheck.backwardMatchesFiniteDifferences(c, codedStore, 2, 1, 3, 1);
    }

    @Test
    void tangentsAreJacobianVectorProducts() {
        DynamicsCheck.tangentsAreJacobianVectorProducts(net, 2, 2, 3);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        DynamicsCheck.backwardMatchesFiniteDifferences(net, store, 2, 1, 3, 1);
    }
}
