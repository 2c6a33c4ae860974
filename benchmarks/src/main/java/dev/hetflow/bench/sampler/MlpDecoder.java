package dev.hetflow.bench.sampler;

import dev.hetflow.onnx.Dim;
import dev.hetflow.onnx.Graph;
import dev.hetflow.onnx.OnnxModel;
import dev.hetflow.onnx.Tensor;
import dev.hetflow.onnx.ValueInfo;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The benchmark's model, one set of weights run two ways: {@code x = sigmoid(W2 tanh(W1 z + b1) + b2)} on a PIV-sized
 * latent and sample ([4, 32, 32] = 4096 values) with a hidden width of {@link #HIDDEN}; as an ONNX graph for the
 * sampler and as an ND4J forward pass.
 */
public final class MlpDecoder {

    public static final int CHANNELS = 4;
    public static final int SIDE = 32;
    public static final int SIZE = CHANNELS * SIDE * SIDE;
    public static final int HIDDEN = 512;

    private final float[] w1 = new float[HIDDEN * SIZE];
    private final float[] b1 = new float[HIDDEN];
    private final float[] w2 = new float[SIZE * HIDDEN];
    private final float[] b2 = new float[SIZE];

    public MlpDecoder(long seed) {
        Random random = new Random(seed);
        fill(random, w1, 1 / Math.sqrt(SIZE));
        fill(random, b1, 0.1);
        fill(random, w2, 1 / Math.sqrt(HIDDEN));
        fill(random, b2, 0.1);
    }

    public byte[] onnx() {
        Graph g = new Graph("mlp_decoder")
                .input(ValueInfo.tensor("z", dev.hetflow.onnx.DataType.FLOAT, Dim.symbolic("N"), Dim.of(CHANNELS),
                        Dim.of(SIDE), Dim.of(SIDE)))
                .output(ValueInfo.tensor("x", dev.hetflow.onnx.DataType.FLOAT, Dim.symbolic("N"), Dim.of(CHANNELS),
                        Dim.of(SIDE), Dim.of(SIDE)));
        g.initializer(Tensor.floats("W1", w1, HIDDEN, SIZE));
        g.initializer(Tensor.floats("b1", b1, HIDDEN));
        g.initializer(Tensor.floats("W2", w2, SIZE, HIDDEN));
        g.initializer(Tensor.floats("b2", b2, SIZE));
        g.initializer(Tensor.longs("shape", new long[] {-1, CHANNELS, SIDE, SIDE}, 4));
        g.node("Flatten", "flat", "z").attr("axis", 1L);
        g.node("Gemm", "h", "flat", "W1", "b1").attr("transB", 1L);
        g.node("Tanh", "t", "h");
        g.node("Gemm", "o", "t", "W2", "b2").attr("transB", 1L);
        g.node("Sigmoid", "s", "o");
        g.node("Reshape", "x", "s", "shape");
        return OnnxModel.of(g).producer("hetflow-bench", "0").toBytes();
    }

    /** The same weights in ND4J, for {@link #nd4jForward}. */
    public Nd4jWeights nd4j() {
        return new Nd4jWeights(Nd4j.create(w1, new long[] {HIDDEN, SIZE}, 'c').transpose().dup('c'),
                Nd4j.create(b1, new long[] {1, HIDDEN}, 'c'),
                Nd4j.create(w2, new long[] {SIZE, HIDDEN}, 'c').transpose().dup('c'),
                Nd4j.create(b2, new long[] {1, SIZE}, 'c'));
    }

    /** x = sigmoid(tanh(z W1^T + b1) W2^T + b2) for z [rows, SIZE]. */
    public static INDArray nd4jForward(Nd4jWeights w, INDArray z) {
        INDArray h = Transforms.tanh(z.mmul(w.w1t()).addiRowVector(w.b1()), false);
        return Transforms.sigmoid(h.mmul(w.w2t()).addiRowVector(w.b2()), false);
    }

    public static INDArray randomLatents(int rows, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, rows, SIZE);
    }

    private static void fill(Random random, float[] values, double scale) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
    }

    /** Weights laid out for row-major batches: W1^T [SIZE, HIDDEN], W2^T [HIDDEN, SIZE]. */
    public record Nd4jWeights(INDArray w1t, INDArray b1, INDArray w2t, INDArray b2) {
    }
}
