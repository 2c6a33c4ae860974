package dev.hetflow.trainer.export;

import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.dynamics.ConvDynamics;
import dev.hetflow.ffjord.dynamics.ConvLayerParameters;
import dev.hetflow.ffjord.dynamics.ConvSpec;
import dev.hetflow.ffjord.dynamics.DynamicsVisitor;
import dev.hetflow.ffjord.dynamics.MlpDynamics;
import dev.hetflow.ffjord.dynamics.ImageChannelDynamics;
import dev.hetflow.ffjord.image.CellLabels;
import dev.hetflow.ffjord.dynamics.LabelMeanDynamics;
import dev.hetflow.ffjord.dynamics.TimeLinearParameters;
import dev.hetflow.onnx.Graph;
import dev.hetflow.onnx.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A dynamics net f(t, y) as ONNX nodes, from the parameters its layers hand out: the weights become initializers of
 * the outer graph (loop bodies read them from there) and the returned field writes one evaluation into a loop body.
 * Every activation and time conditioning maps through an exhaustive switch, so a new one fails to compile here.
 */
final class DynamicsGraphWriter implements DynamicsVisitor<TableauLoop.Field> {

    private final Graph g;
    private final Names names;

    DynamicsGraphWriter(Graph g, Names names) {
        this.g = g;
        this.names = names;
    }

    /** The ONNX operator of an activation; ND4J's softplus and tanh are the same functions. */
    static String operator(Activation a) {
        return switch (a) {
            case TANH -> "Tanh";
            case SOFTPLUS -> "Softplus";
        };
    }

    /** Per layer: Gemm with the stored [out, in] weight, then the time terms, the activation between layers. */
    @Override
    public TableauLoop.Field mlp(MlpDynamics net) {
        Activation activation = net.spec().activation();
        List<TimeLayer> layers = new ArrayList<>();
        for (TimeLinearParameters l : net.layerParameters()) {
            String p = names.next("mlp") + "_";
            String w = g.initializer(Tensor.floats(p + "W", l.weight(), l.out(), l.in()));
            layers.add(switch (l.conditioning()) {
                case CONCAT -> new TimeLayer(w, vector(p + "b", l.bias()), vector(p + "u", l.timeShift()), null,
                        null);
                case CONCATSQUASH -> new TimeLayer(w, vector(p + "b", l.bias()), vector(p + "u", l.timeShift()),
                        vector(p + "g", l.gateWeight()), vector(p + "c", l.gateBias()));
            });
        }
        return (body, t, y) -> {
            String x = y;
            for (int l = 0; l < layers.size(); l++) {
                TimeLayer w = layers.get(l);
                String pre = names.next("gemm");
                body.node("Gemm", List.of(x, w.weight(), w.bias()), List.of(pre)).attr("transB", 1L);
                String shift = node(body, "Mul", t, w.timeShift());
                String a;
                if (w.gateWeight() != null) {
                    // CONCATSQUASH: y = (W x + b) sigmoid(t g + c) + t u
                    String gate = node(body, "Sigmoid", node(body, "Add", node(body, "Mul", t, w.gateWeight()),
                            w.gateBias()));
                    a = node(body, "Add", node(body, "Mul", pre, gate), shift);
                } else {
                    // CONCAT: y = W x + b + t w
                    a = node(body, "Add", pre, shift);
                }
                x = l < layers.size() - 1 ? node(body, operator(activation), a) : a;
            }
            return x;
        };
    }

    /** Initializer names of one time-conditioned layer; the gate's are null for CONCAT. */
    private record TimeLayer(String weight, String bias, String timeShift, String gateWeight, String gateBias) {
    }

    /** Per layer: conv3x3(x; W) + b + t conv3x3(1; K), zero padding 1, the activation between layers. */
    @Override
    public TableauLoop.Field conv(ConvDynamics net) {
        ConvSpec spec = net.spec();
        Activation activation = spec.activation();
        int h = spec.height();
        int w = spec.width();
        String p0 = names.next("conv") + "_";
        float[] ones = new float[h * w];
        Arrays.fill(ones, 1f);
        String onesImage = g.initializer(Tensor.floats(p0 + "ones", ones, 1, 1, h, w));
        String image = g.initializer(Tensor.longs(p0 + "image", new long[] {-1, spec.channels(), h, w}, 4));
        String flat = g.initializer(Tensor.longs(p0 + "flat", new long[] {-1, (long) spec.dim()}, 2));
        List<String[]> layers = new ArrayList<>();
        for (ConvLayerParameters l : net.layerParameters()) {
            String p = names.next("conv") + "_";
            String weight = g.initializer(Tensor.floats(p + "W", l.weight(), l.out(), l.in(), 3, 3));
            String bias = vector(p + "b", l.bias());
            String k = g.initializer(Tensor.floats(p + "K", l.timeWeight(), l.out(), 1, 3, 3));
            // conv3x3(1; K): the time channel's contribution per unit time, the same image for every sample
            String timeMap = g.node("Conv", p + "tmap", onesImage, k).attr("pads", 1L, 1L, 1L, 1L).output();
            layers.add(new String[] {weight, bias, timeMap});
        }
        return (body, t, y) -> {
            String x = node(body, "Reshape", y, image);
            for (int l = 0; l < layers.size(); l++) {
                String[] c = layers.get(l);
                String conv = names.next("conv_out");
                body.node("Conv", List.of(x, c[0], c[1]), List.of(conv)).attr("pads", 1L, 1L, 1L, 1L);
                String a = node(body, "Add", conv, node(body, "Mul", t, c[2]));
                x = l < layers.size() - 1 ? node(body, operator(activation), a) : a;
            }
            return node(body, "Reshape", x, flat);
        };
    }

    /**
     * The free conv net with its label columns multiplied by 0 (see {@link ImageChannelDynamics}); with a cell code,
     * the net reads each label plane as the constant 2 (c + 1/2)/K - 1 of the cell c its latent pixel 0 falls in
     * (how many cumulative prior thresholds sigmoid(z_0 / kappa) has passed), or, with the data-side code, its
     * dequantized pixel 0 names (floor(K L_0)).
     */
    @Override
    public TableauLoop.Field imageChannels(ImageChannelDynamics net) {
        TableauLoop.Field free = conv(net.free());
        float[] mask = new float[net.dim()];
        java.util.Arrays.fill(mask, 0, net.imageDim(), 1f);
        String m = g.initializer(Tensor.floats(names.next("imagemask"), mask, 1, net.dim()));
        if (net.code() == null) {
            return (body, t, y) -> node(body, "Mul", free.write(body, t, y), m);
        }
        boolean fromData = net.code() instanceof CellLabels.DataCode;
        CellLabels cells;
        if (net.code() instanceof CellLabels.Code code) {
            cells = code.labels();
        } else if (net.code() instanceof CellLabels.DataCode code) {
            cells = code.labels();
        } else {
            throw new IllegalArgumentException("no ONNX form for the label code " + net.code().getClass());
        }
        int planes = net.labelChannels();
        int plane = (net.dim() - net.imageDim()) / planes;
        int k = cells.cells();
        String p = names.next("labelcode") + "_";
        String axis1 = g.initializer(Tensor.longs(p + "axis1", new long[] {1}, 1));
        String axes = g.initializer(Tensor.longs(p + "axes", new long[] {1}, 1));
        String kappa = g.initializer(Tensor.scalar(p + "kappa", (float) CellLabels.KAPPA));
        String levels = g.initializer(Tensor.scalar(p + "levels", (float) k));
        String zero = g.initializer(Tensor.scalar(p + "zero", 0f));
        String top = g.initializer(Tensor.scalar(p + "top", (float) (k - 1)));
        String scale = g.initializer(Tensor.scalar(p + "scale", 2f / k));
        String offset = g.initializer(Tensor.scalar(p + "offset", 1f / k - 1f));
        float[] ones = new float[plane];
        java.util.Arrays.fill(ones, 1f);
        String onesRow = g.initializer(Tensor.floats(p + "ones", ones, 1, plane));
        String imageFrom = g.initializer(Tensor.longs(p + "image_from", new long[] {0}, 1));
        String imageTo = g.initializer(Tensor.longs(p + "image_to", new long[] {net.imageDim()}, 1));
        String[] from = new String[planes];
        String[] to = new String[planes];
        String[] thresholds = new String[planes];
        for (int l = 0; l < planes; l++) {
            long first = net.imageDim() + (long) l * plane;
            from[l] = g.initializer(Tensor.longs(p + "from" + l, new long[] {first}, 1));
            to[l] = g.initializer(Tensor.longs(p + "to" + l, new long[] {first + 1}, 1));
            double[] c = CellLabels.cumulative(cells.prior(l));
            float[] th = new float[k - 1];
            for (int i = 1; i < k; i++) {
                th[i - 1] = (float) c[i];
            }
            thresholds[l] = g.initializer(Tensor.floats(p + "thresholds" + l, th, 1, k - 1));
        }
        return (body, t, y) -> {
            String[] parts = new String[planes + 1];
            parts[0] = node(body, "Slice", y, imageFrom, imageTo, axis1);
            for (int l = 0; l < planes; l++) {
                String pixel0 = node(body, "Slice", y, from[l], to[l], axis1);
                String cell;
                if (fromData) {
                    // floor(K L_0), clamped to [0, K - 1]
                    cell = node(body, "Clip", node(body, "Floor", node(body, "Mul", pixel0, levels)), zero, top);
                } else {
                    String u0 = node(body, "Sigmoid", node(body, "Div", pixel0, kappa));
                    String above = body.node("Cast", names.next("cast"),
                            node(body, "GreaterOrEqual", u0, thresholds[l]))
                            .attr("to", (long) dev.hetflow.onnx.DataType.FLOAT.code()).output();
                    cell = body.node("ReduceSum", names.next("reducesum"), above, axes).attr("keepdims", 1L)
                            .output();
                }
                // 2 (c + 1/2)/K - 1 on every pixel of the plane
                parts[l + 1] = node(body, "MatMul", node(body, "Add", node(body, "Mul", cell, scale), offset),
                        onesRow);
            }
            String coded = body.node("Concat", names.next("concat"), parts).attr("axis", 1L).output();
            return node(body, "Mul", free.write(body, t, coded), m);
        };
    }

    /** The free conv net plus s(t) (mean(z_L) - centre_L) on every pixel of each label plane. */
    @Override
    public TableauLoop.Field labelMean(LabelMeanDynamics net) {
        TableauLoop.Field free = conv(net.free());
        ConvSpec spec = net.free().spec();
        int c = spec.channels();
        int labels = net.labelChannels();
        int h = spec.height();
        int w = spec.width();
        String p = names.next("labelmean") + "_";
        String image = g.initializer(Tensor.longs(p + "image", new long[] {-1, c, h, w}, 4));
        String flat = g.initializer(Tensor.longs(p + "flat", new long[] {-1, (long) spec.dim()}, 2));
        String axis1 = g.initializer(Tensor.longs(p + "axis1", new long[] {1}, 1));
        String from = g.initializer(Tensor.longs(p + "from", new long[] {c - labels}, 1));
        String to = g.initializer(Tensor.longs(p + "to", new long[] {c}, 1));
        String zero = g.initializer(Tensor.scalar(p + "zero", 0f));
        double[] k = net.rateCoefficients();
        String c0 = g.initializer(Tensor.scalar(p + "c0", (float) (LabelMeanDynamics.GAIN * k[0])));
        String c1 = g.initializer(Tensor.scalar(p + "c1", (float) (LabelMeanDynamics.GAIN * k[1])));
        double[] centres = net.centres();
        float[] cf = new float[labels];
        for (int l = 0; l < labels; l++) {
            cf[l] = (float) centres[l];
        }
        String centre = g.initializer(Tensor.floats(p + "centre", cf, 1, labels, 1, 1));
        String imageEnd = g.initializer(Tensor.longs(p + "image_end", new long[] {c - labels}, 1));
        String start = g.initializer(Tensor.longs(p + "start", new long[] {0}, 1));
        return (body, t, y) -> {
            String x = node(body, "Reshape", y, image);
            String planes = node(body, "Slice", x, from, to, axis1);
            String means = body.node("ReduceMean", names.next("reducemean"), planes).attr("axes", 2L, 3L)
                    .attr("keepdims", 1L).output();
            String rate = node(body, "Add", c0, node(body, "Mul", c1, t));
            // broadcast the [N, L, 1, 1] term over each plane: add it to planes * 0
            String term = node(body, "Add", node(body, "Mul", planes, zero),
                    node(body, "Mul", node(body, "Sub", means, centre), rate));
            String none = node(body, "Mul", node(body, "Slice", x, start, imageEnd, axis1), zero);
            String extra = body.node("Concat", names.next("concat"), none, term).attr("axis", 1L).output();
            return node(body, "Add", free.write(body, t, y), node(body, "Reshape", extra, flat));
        };
    }

    private String vector(String name, float[] values) {
        return g.initializer(Tensor.floats(name, values, values.length));
    }

    private String node(Graph body, String type, String... inputs) {
        return body.node(type, names.next(type.toLowerCase(java.util.Locale.ROOT)), inputs).output();
    }
}
