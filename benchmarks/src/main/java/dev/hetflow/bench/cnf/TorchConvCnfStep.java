package dev.hetflow.bench.cnf;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Nd4jConvCnfStep}'s iteration on libtorch through DJL: the same conv CNF (3x3 ConcatConv2d written as
 * conv(x; W) + conv(t 1; K) + b, hidden 64-64-64, softplus) on the same batch, RK4, one Rademacher tangent carried
 * explicitly through the linear part (tangent' = sigmoid(a) conv(tangent; W)), libtorch's autograd for the single
 * reverse pass, Adam at lr 1e-3.
 */
public final class TorchConvCnfStep implements TrainingStep {

    private static final int[] WIDTHS = {ConvCnf.CHANNELS, 64, 64, 64, ConvCnf.CHANNELS};
    private static final Shape UNIT = new Shape(1, 1);
    private static final int SEED = 1;

    private final int batch;
    private final int steps;
    private final NDManager base;
    private final List<Layer> layers = new ArrayList<>();
    private final TorchAdam adam;
    private final NDArray data;
    private final NDArray ones;

    private record Layer(NDArray w, NDArray k, NDArray b, NDArray noBias) {
    }

    public TorchConvCnfStep(int batch, int steps) {
        this.batch = batch;
        this.steps = steps;
        base = NDManager.newBaseManager("PyTorch");
        // a fixed initialisation: some random ones make the unregularised ODE blow up (NaN) within a few steps
        Engine.getEngine("PyTorch").setRandomSeed(SEED);
        int size = ConvCnf.SIZE;
        List<NDArray> params = new ArrayList<>();
        for (int l = 0; l + 1 < WIDTHS.length; l++) {
            int in = WIDTHS[l];
            int out = WIDTHS[l + 1];
            float bound = (float) (1 / Math.sqrt(9.0 * (in + 1)));
            Layer layer = new Layer(uniform(bound, out, in, 3, 3), uniform(bound, out, 1, 3, 3),
                    uniform(bound, out), base.zeros(new Shape(out)));
            layers.add(layer);
            params.addAll(List.of(layer.w(), layer.k(), layer.b()));
        }
        for (NDArray p : params) {
            p.setRequiresGradient(true);
        }
        adam = new TorchAdam(base, params, 1e-3);
        data = base.create(ConvCnf.smoothFields(batch), new Shape(batch, ConvCnf.CHANNELS, size, size));
        ones = base.ones(new Shape(1, 1, size, size));
    }

    private NDArray uniform(float bound, long... dims) {
        return base.randomUniform(-bound, bound, new Shape(dims));
    }

    private static NDArray conv(NDArray x, NDArray w, NDArray b) {
        return Conv2d.conv2d(x, w, b, UNIT, UNIT).singletonOrThrow();
    }

    /** f(t, z) and the Hutchinson term eps^T J eps per sample. */
    private NDList dynamics(NDManager sub, double t, NDArray z, NDArray eps) {
        NDArray h = z;
        NDArray tan = eps;
        NDArray timeImage = ones.mul((float) t);
        timeImage.attach(sub);
        for (int l = 0; l < layers.size(); l++) {
            Layer p = layers.get(l);
            NDArray a = conv(h, p.w(), p.noBias()).add(conv(timeImage, p.k(), p.b()));
            NDArray ta = conv(tan, p.w(), p.noBias());
            if (l < layers.size() - 1) {
                h = Activation.softPlus(a);
                tan = Activation.sigmoid(a).mul(ta);
            } else {
                h = a;
                tan = ta;
            }
        }
        return new NDList(h, eps.mul(tan).sum(new int[] {1, 2, 3}));
    }

    @Override
    public double run() {
        double loss;
        try (NDManager sub = base.newSubManager()) {
            Shape shape = data.getShape();
            NDArray eps = sub.randomInteger(0, 2, shape, DataType.INT32).toType(DataType.FLOAT32, false).mul(2f)
                    .sub(1f);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                // every result lands in the manager of its first operand: start from copies in this iteration's scope
                NDArray z = data.duplicate();
                z.attach(sub);
                NDArray logdet = sub.zeros(new Shape(batch));
                double h = 1.0 / steps;
                for (int n = 0; n < steps; n++) {
                    double t = n * h;
                    NDList k1 = dynamics(sub, t, z, eps);
                    NDList k2 = dynamics(sub, t + h / 2, z.add(k1.get(0).mul((float) (h / 2))), eps);
                    NDList k3 = dynamics(sub, t + h / 2, z.add(k2.get(0).mul((float) (h / 2))), eps);
                    NDList k4 = dynamics(sub, t + h, z.add(k3.get(0).mul((float) h)), eps);
                    z = z.add(k1.get(0).add(k2.get(0).mul(2f)).add(k3.get(0).mul(2f)).add(k4.get(0))
                            .mul((float) (h / 6)));
                    logdet = logdet.add(k1.get(1).add(k2.get(1).mul(2f)).add(k3.get(1).mul(2f)).add(k4.get(1))
                            .mul((float) (h / 6)));
                }
                long dim = shape.size() / batch;
                NDArray nll = z.square().sum(new int[] {1, 2, 3}).mul(0.5f).sub(logdet).mean()
                        .add((float) (0.5 * dim * Math.log(2 * Math.PI)));
                gc.backward(nll);
                loss = nll.getFloat();
            }
            adam.step();
        }
        return loss;
    }

    @Override
    public void close() {
        base.close();
    }
}
