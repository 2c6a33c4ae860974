package dev.hetflow.ffjord.dynamics;

import dev.hetflow.ffjord.kernel.BoundOp;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.any.Assign;
import org.nd4j.linalg.factory.Nd4j;

/**
 * FFJORD's image ODE net (ffjord/lib/layers/diffeq_layers ConcatConv2d, stride 1): layer i computes
 * a = conv3x3(concat(t 1, x)) + b = conv3x3(x; W) + t conv3x3(1; K) + b, since the time channel is the constant
 * image t (zero-padded like x). Tangents go through the linear part conv3x3(v; W) only. States are flattened NCHW
 * rows, {@code [rows, C * H * W]}.
 *
 * <p>Inside, every layer works on the zero-padded channels-last {@link PaddedGrid} layout, where a 3x3 convolution
 * over all stacked rows is nine GEMMs on shifted views (forward, input gradient and weight gradient alike) bound once
 * per tape ({@link ConvLayer.Bound}); only the net's input, output and their gradients are copied between NCHW and
 * that layout. Nothing is allocated per evaluation. On float tapes with the Vector API, the wide layers of images
 * whose sides are multiples of 4 run Winograd's F(4x4, 3x3) instead ({@link WinogradConv}: 36 GEMMs on transformed
 * tiles, 4x fewer multiplications than the nine taps); {@code -Dhetflow.ffjord.winograd=false} keeps the taps.
 *
 * <p>Parameters under {@code <prefix>.layers.<i>}: {@code weight [out, in, 3, 3]}, {@code time_weight [out, 1, 3, 3]}
 * and {@code bias [out]}; FFJORD's single kernel of {@code [out, in + 1, 3, 3]} is time_weight in input channel 0
 * followed by weight.
 */
public final class ConvDynamics implements Dynamics {

    private final ConvSpec spec;
    private final String prefix;
    private final ConvLayer[] layers;
    private ParameterStore store;
    private PaddedGrid grid;
    private INDArray[] masks;

    public ConvDynamics(ConvSpec spec, ParameterStore.Builder params, String prefix) {
        this(spec, params, prefix, true);
    }

    /** winograd false: every layer on its taps' GEMMs, even where {@link WinogradConv} suits (to compare them). */
    ConvDynamics(ConvSpec spec, ParameterStore.Builder params, String prefix, boolean winograd) {
        this.spec = spec;
        this.prefix = prefix;
        int n = spec.layerCount();
        layers = new ConvLayer[n];
        for (int l = 0; l < n; l++) {
            layers[l] = new ConvLayer(params, prefix + ".layers." + l, spec.channels(l), spec.channels(l + 1),
                    winograd);
        }
    }

    public ConvSpec spec() {
        return spec;
    }

    @Override
    public void bind(ParameterStore store) {
        this.store = store;
        DataType type = store.dataType();
        grid = new PaddedGrid(spec.height(), spec.width());
        INDArray onesTaps = grid.onesTaps(type);
        int n = spec.layerCount();
        masks = new INDArray[n];
        WinogradConv.SharedTiles tiles = new WinogradConv.SharedTiles();
        for (int l = 0; l < n; l++) {
            layers[l].bind(store, grid, onesTaps, tiles);
            masks[l] = grid.interiorMask(type, spec.channels(l + 1));
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

    @Override
    public INDArray forward(double t, Tape tape) {
        ConvTape tp = cast(tape);
        tp.time = t;
        tp.copyIn.run();
        int n = spec.layerCount();
        for (int l = 0; l < n; l++) {
            layers[l].prepare(t);
            tp.ops[l].forward();
            if (l < n - 1) {
                tp.activation[l].forward();
            }
        }
        tp.copyOut.run();
        return tp.output;
    }

    @Override
    public INDArray backward(Tape tape, double paramScale) {
        ConvTape tp = cast(tape);
        tp.copyGradIn.run();
        int n = spec.layerCount();
        for (int l = n - 1; l >= 0; l--) {
            if (l < n - 1) {
                tp.activation[l].backward();
            }
            tp.ops[l].backward(tp.time, paramScale);
        }
        tp.copyGradOut.run();
        return tp.gradInput;
    }

    /** How many layers run their convolutions as Winograd tiles ({@link WinogradConv}); 0 before {@link #bind}. */
    int tiledLayers() {
        int n = 0;
        for (ConvLayer layer : layers) {
            n += layer.tiled() ? 1 : 0;
        }
        return n;
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
        final INDArray output;
        final INDArray gradOutput;
        final INDArray gradInput;
        final ConvLayer.Bound[] ops;
        final StackedActivation[] activation;
        final BoundOp copyIn;
        final BoundOp copyOut;
        final BoundOp copyGradIn;
        final BoundOp copyGradOut;
        double time;

        ConvTape(int batch, int tangents) {
            this.batch = batch;
            this.tangents = tangents;
            DataType type = store.dataType();
            int rows = (1 + tangents) * batch;
            int n = spec.layerCount();
            int c = spec.channels();
            input = Nd4j.create(type, rows, spec.dim());
            output = Nd4j.create(type, rows, spec.dim());
            gradOutput = Nd4j.create(type, rows, spec.dim());
            gradInput = Nd4j.create(type, batch, spec.dim());
            ops = new ConvLayer.Bound[n];
            activation = new StackedActivation[n - 1];
            // padded arrays start zero; padding pixels and trailing rows of x and of the last ga are never written
            INDArray x = grid.create(type, rows, c);
            INDArray gradX = grid.create(type, batch, c);
            copyIn = BoundOp.legacy(new Assign(grid.channelsLast(input, c), grid.interior(x)));
            copyGradOut = BoundOp.legacy(new Assign(grid.interior(gradX), grid.channelsLast(gradInput, c)));
            INDArray gx = gradX;
            INDArray a = null;
            INDArray ga = null;
            for (int l = 0; l < n; l++) {
                int width = spec.channels(l + 1);
                a = grid.create(type, rows, width);
                ga = grid.create(type, rows, width);
                ops[l] = layers[l].new Bound(x, a, ga, gx, batch, l == 0 ? batch : rows);
                if (l < n - 1) {
                    INDArray next = grid.create(type, rows, width);
                    activation[l] = new StackedActivation(spec.activation(), a, next, ga, batch, masks[l]);
                    x = next;
                    gx = ga;
                }
            }
            copyOut = BoundOp.legacy(new Assign(grid.interior(a), grid.channelsLast(output, c)));
            copyGradIn = BoundOp.legacy(new Assign(grid.channelsLast(gradOutput, c), grid.interior(ga)));
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
            return output;
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
            String p = prefix + ".layers." + l;
            out.add(new ConvLayerParameters(spec.channels(l), spec.channels(l + 1), floats(value(p + ".weight")),
                    floats(value(p + ".time_weight")), floats(value(p + ".bias"))));
        }
        return out;
    }

    private INDArray value(String name) {
        return store.value(store.slot(name));
    }

    private static float[] floats(INDArray v) {
        return v.castTo(DataType.FLOAT).dup('c').ravel().toFloatVector();
    }
}
