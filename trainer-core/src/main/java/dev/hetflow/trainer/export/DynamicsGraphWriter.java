package dev.hetflow.trainer.export;

import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.dynamics.ConvDynamics;
import dev.hetflow.ffjord.dynamics.ConvLayerParameters;
import dev.hetflow.ffjord.dynamics.ConvSpec;
import dev.hetflow.ffjord.dynamics.DynamicsVisitor;
import dev.hetflow.ffjord.dynamics.MlpDynamics;
import dev.hetflow.ffjord.dynamics.PivPairDynamics;
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
     * The free conv net (if any) plus the structured terms of {@link PivPairDynamics}: the pair term's shift is
     * {@link ShiftGraph}'s, and each rate is s(t) = GAIN (c0 + c1 t).
     */
    @Override
    public TableauLoop.Field pivPair(PivPairDynamics net) {
        TableauLoop.Field free = net.free() == null ? null : conv(net.free());
        int h = net.height();
        int w = net.width();
        String p = names.next("pair") + "_";
        String image = g.initializer(Tensor.longs(p + "image", new long[] {-1, PivPairDynamics.CHANNELS, h, w}, 4));
        String flat = g.initializer(Tensor.longs(p + "flat", new long[] {-1, (long) net.dim()}, 2));
        ShiftGraph shift = withPairTerm(net) ? new ShiftGraph(g, names, h, w, net.rangePx()) : null;
        String zero = g.initializer(Tensor.scalar(p + "zero", 0f));
        double[] c = net.centres();
        String centre = g.initializer(Tensor.floats(p + "centre", new float[] {(float) (0.5 + c[0]),
            (float) (0.5 + c[1])}, 1, 2, 1, 1));
        String[] pair = rate(p + "pair", net.rateCoefficients(PivPairDynamics.Term.PAIR));
        String[] plane = rate(p + "plane", net.rateCoefficients(PivPairDynamics.Term.PLANE));
        String[] mean = rate(p + "mean", net.rateCoefficients(PivPairDynamics.Term.LABEL_MEAN));
        String sumAxis = g.initializer(Tensor.longs(p + "axis1", new long[] {1}, 1));
        String[] bounds = new String[5];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = g.initializer(Tensor.longs(p + "at" + i, new long[] {i}, 1));
        }
        return (body, t, y) -> {
            String x = node(body, "Reshape", y, image);
            String a = node(body, "Slice", x, bounds[0], bounds[1], sumAxis);
            String b = node(body, "Slice", x, bounds[1], bounds[2], sumAxis);
            String labels = node(body, "Slice", x, bounds[2], bounds[4], sumAxis);
            String means = body.node("ReduceMean", names.next("reducemean"), labels).attr("axes", 2L, 3L)
                    .attr("keepdims", 1L).output();
            String none = node(body, "Mul", a, zero);
            String pairTerm = none;
            if (shift != null) {
                pairTerm = node(body, "Mul", node(body, "Sub", b, shift.shifted(body, a, means)),
                        rateAt(body, pair, t));
            }
            // PLANE + LABEL_MEAN: s_L (x - mean x) + s_M (mean x - centre), broadcast over each plane
            String labelTerm = node(body, "Add",
                    node(body, "Mul", node(body, "Sub", labels, means), rateAt(body, plane, t)),
                    node(body, "Mul", node(body, "Sub", means, centre), rateAt(body, mean, t)));
            String extra = body.node("Concat", names.next("concat"), none, pairTerm, labelTerm).attr("axis", 1L)
                    .output();
            String terms = node(body, "Reshape", extra, flat);
            return free == null ? terms : node(body, "Add", free.write(body, t, y), terms);
        };
    }

    private static boolean withPairTerm(PivPairDynamics net) {
        return net.terms().contains(PivPairDynamics.Term.PAIR);
    }

    /** GAIN c0 and GAIN c1 of a rate s(t) = GAIN (c0 + c1 t) as scalar initializers. */
    private String[] rate(String name, double[] c) {
        // a term the net lacks has coefficients {0, 0}: its rate is 0
        return new String[] {g.initializer(Tensor.scalar(name + "_c0", (float) (PivPairDynamics.GAIN * c[0]))),
                g.initializer(Tensor.scalar(name + "_c1", (float) (PivPairDynamics.GAIN * c[1])))};
    }

    private String rateAt(Graph body, String[] rate, String t) {
        return node(body, "Add", rate[0], node(body, "Mul", rate[1], t));
    }

    private String vector(String name, float[] values) {
        return g.initializer(Tensor.floats(name, values, values.length));
    }

    private String node(Graph body, String type, String... inputs) {
        return body.node(type, names.next(type.toLowerCase(java.util.Locale.ROOT)), inputs).output();
    }
}
