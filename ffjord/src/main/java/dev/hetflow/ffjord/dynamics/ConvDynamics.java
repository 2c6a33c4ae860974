package dev.hetflow.ffjord.dynamics;

import dev.hetflow.ffjord.kernel.BoundOp;
import dev.hetflow.ffjord.params.ParameterInit;
import dev.hetflow.ffjord.params.ParameterSlot;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * FFJORD's image ODE net (ffjord/lib/layers/diffeq_layers ConcatConv2d, stride 1): layer i computes
 * a = conv3x3(concat(t 1, x)) + b = conv3x3(x; W) + t conv3x3(1; K) + b, since the time channel is the constant
 * image t (zero-padded like x). Tangents go through the linear part conv3x3(v; W) only. States are flattened NCHW
 * rows, {@code [rows, C * H * W]}.
 *
 * <p>Parameters under {@code <prefix>.layers.<i>}: {@code weight [out, in, 3, 3]}, {@code time_weight [out, 1, 3, 3]}
 * and {@code bias [out]}; FFJORD's single kernel of {@code [out, in + 1, 3, 3]} is time_weight in input channel 0
 * followed by weight.
 */
public final class ConvDynamics implements Dynamics {

    // kH, kW, sH, sW, pH, pW, dH, dW, paddingMode (0 = explicit), dataFormat (0 = NCHW), weightFormat (1 = OIHW)
    private static final int[] CONV_ARGS = {3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 1};

    private final ConvSpec spec;
    private final ParameterSlot[] weight;
    private final ParameterSlot[] timeWeight;
    private final ParameterSlot[] bias;
    private ParameterStore store;
    private INDArray onesImage;
    private INDArray[] weightGradScratch;
    private INDArray[] timeGradScratch;
    private INDArray[] timeInputGradScratch;

    public ConvDynamics(ConvSpec spec, ParameterStore.Builder params, String prefix) {
        this.spec = spec;
        int n = spec.layerCount();
        weight = new ParameterSlot[n];
        timeWeight = new ParameterSlot[n];
        bias = new ParameterSlot[n];
        for (int l = 0; l < n; l++) {
            int in = spec.channels(l);
            int out = spec.channels(l + 1);
            ParameterInit init = ParameterInit.fanIn(9L * (in + 1));
            String p = prefix + ".layers." + l;
            weight[l] = params.add(p + ".weight", init, out, in, 3, 3);
            timeWeight[l] = params.add(p + ".time_weight", init, out, 1, 3, 3);
            bias[l] = params.add(p + ".bias", init, out);
        }
    }

    public ConvSpec spec() {
        return spec;
    }

    @Override
    public void bind(ParameterStore store) {
        this.store = store;
        DataType type = store.dataType();
        int n = spec.layerCount();
        onesImage = Nd4j.ones(type, 1, 1, spec.height(), spec.width());
        weightGradScratch = new INDArray[n];
        timeGradScratch = new INDArray[n];
        timeInputGradScratch = new INDArray[n];
        for (int l = 0; l < n; l++) {
            weightGradScratch[l] = Nd4j.create(type, store.value(weight[l]).shape());
            timeGradScratch[l] = Nd4j.create(type, store.value(timeWeight[l]).shape());
            timeInputGradScratch[l] = Nd4j.create(type, 1, 1, spec.height(), spec.width());
        }
    }

    @Override
    public int dim() {
        return spec.dim();
    }

    @Override
    public Tape newTape(int batch, int tangents) {
        if (store == null) {
            throw new IllegalStateException("bind(ParameterStore) must be called before evaluating the net");
        }
        if (batch <= 0 || tangents < 0) {
            throw new IllegalArgumentException("need batch > 0 and tangents >= 0, got " + batch + ", " + tangents);
        }
        return new ConvTape(batch, tangents);
    }

    private static void conv(INDArray x, INDArray w, INDArray out) {
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w).addOutputs(out)
                .addIntegerArguments(CONV_ARGS).build());
    }

    private static void convBackward(INDArray x, INDArray w, INDArray gradOut, INDArray gradIn, INDArray gradW) {
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, gradOut).addOutputs(gradIn, gradW)
                .addIntegerArguments(CONV_ARGS).build());
    }

    @Override
    public INDArray forward(double t, Tape tape) {
        ConvTape tp = cast(tape);
        tp.time = t;
        int n = spec.layerCount();
        for (int l = 0; l < n; l++) {
            ConvTape.Layer layer = tp.layers[l];
            conv(layer.x4, store.value(weight[l]), layer.a4);
            // shift = t conv3x3(1; K) + b, the same image for every sample: added to the primal rows only
            conv(onesImage, store.value(timeWeight[l]), layer.timeMap4);
            layer.timeMap.muli(t);
            layer.timeMap4.addi(store.value(bias[l]).reshape(1, -1, 1, 1).broadcast(layer.timeMap4.shape()));
            layer.addTimeMap.run();
            if (l < n - 1) {
                tp.activation[l].forward();
            }
        }
        return tp.output();
    }

    @Override
    public INDArray backward(Tape tape, double paramScale) {
        ConvTape tp = cast(tape);
        int n = spec.layerCount();
        for (int l = n - 1; l >= 0; l--) {
            ConvTape.Layer layer = tp.layers[l];
            if (l < n - 1) {
                tp.activation[l].backward();
            }
            // summed primal gradient image, [1, out * H * W]: feeds the bias and the time kernel
            layer.columnSum.run();
            int out = spec.channels(l + 1);
            INDArray perChannel = layer.colSum.reshape(out, (long) spec.height() * spec.width()).sum(1);
            store.gradient(bias[l]).addi(perChannel.muli(paramScale));
            convBackward(onesImage, store.value(timeWeight[l]), layer.colSum4, timeInputGradScratch[l],
                    timeGradScratch[l]);
            store.gradient(timeWeight[l]).addi(timeGradScratch[l].muli(paramScale * tp.time));
            INDArray gx = l == 0 ? tp.gradInputAll4 : tp.layers[l - 1].ga4;
            convBackward(layer.x4, store.value(weight[l]), layer.ga4, gx, weightGradScratch[l]);
            store.gradient(weight[l]).addi(weightGradScratch[l].muli(paramScale));
        }
        return tp.gradInput;
    }

    private static ConvTape cast(Tape tape) {
        if (tape instanceof ConvTape t) {
            return t;
        }
        throw new IllegalArgumentException("tape was not made by a ConvDynamics");
    }

    private final class ConvTape implements Tape {
        final int batch;
        final int tangents;
        final INDArray input;
        final Layer[] layers;
        final StackedActivation[] activation;
        final INDArray gradOutput;
        final INDArray gradInputAll4;
        final INDArray gradInput;
        final INDArray onesPrimal;
        double time;

        ConvTape(int batch, int tangents) {
            this.batch = batch;
            this.tangents = tangents;
            DataType type = store.dataType();
            int rows = (1 + tangents) * batch;
            int n = spec.layerCount();
            onesPrimal = Nd4j.ones(type, 1, batch);
            input = Nd4j.create(type, rows, spec.dim());
            layers = new Layer[n];
            activation = new StackedActivation[n - 1];
            INDArray x = input;
            for (int l = 0; l < n; l++) {
                layers[l] = new Layer(x, spec.channels(l), spec.channels(l + 1), rows, batch);
                if (l < n - 1) {
                    x = Nd4j.create(type, rows, (long) spec.channels(l + 1) * spec.height() * spec.width());
                    activation[l] = new StackedActivation(spec.activation(), layers[l].a, x, layers[l].ga, batch);
                }
            }
            gradOutput = layers[n - 1].ga;
            INDArray gradInputAll = Nd4j.create(type, rows, spec.dim());
            gradInputAll4 = image(gradInputAll, spec.channels());
            gradInput = Rows.block(gradInputAll, 0, batch);
        }

        INDArray image(INDArray flat, int channels) {
            return flat.reshape('c', flat.rows(), channels, spec.height(), spec.width());
        }

        final class Layer {
            final INDArray x4;
            final INDArray a;
            final INDArray a4;
            final INDArray ga;
            final INDArray ga4;
            final INDArray timeMap;
            final INDArray timeMap4;
            final INDArray colSum;
            final INDArray colSum4;
            final BoundOp addTimeMap;
            final BoundOp columnSum;

            Layer(INDArray x, int in, int out, int rows, int batch) {
                DataType type = store.dataType();
                long size = (long) out * spec.height() * spec.width();
                x4 = image(x, in);
                a = Nd4j.create(type, rows, size);
                a4 = image(a, out);
                ga = Nd4j.create(type, rows, size);
                ga4 = image(ga, out);
                timeMap = Nd4j.create(type, 1, size);
                timeMap4 = image(timeMap, out);
                colSum = Nd4j.create(type, 1, size);
                colSum4 = image(colSum, out);
                INDArray aPrimal = Rows.block(a, 0, batch);
                addTimeMap = BoundOp.add(aPrimal, timeMap, aPrimal);
                columnSum = BoundOp.matmul(onesPrimal, Rows.block(ga, 0, batch), colSum, false, false, 1.0, 0.0);
            }
        }

        @Override
        public int batch() {
            return batch;
        }

        @Override
        public int tangents() {
            return tangents;
        }

        @Override
        public INDArray input() {
            return input;
        }

        @Override
        public INDArray output() {
            return layers[spec.layerCount() - 1].a;
        }

        @Override
        public INDArray gradOutput() {
            return gradOutput;
        }
    }

    @Override
    public <R> R accept(DynamicsVisitor<R> visitor) {
        return visitor.conv(this);
    }

    /** Each layer's parameters, input layer first, copied out of the bound store (see {@link ConvLayerParameters}). */
    public java.util.List<ConvLayerParameters> layerParameters() {
        if (store == null) {
            throw new IllegalStateException("bind(ParameterStore) must be called before reading parameters");
        }
        java.util.List<ConvLayerParameters> out = new java.util.ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            out.add(new ConvLayerParameters(spec.channels(l), spec.channels(l + 1), floats(store.value(weight[l])),
                    floats(store.value(timeWeight[l])), floats(store.value(bias[l]))));
        }
        return out;
    }

    private static float[] floats(INDArray v) {
        return v.castTo(DataType.FLOAT).dup('c').ravel().toFloatVector();
    }
}
