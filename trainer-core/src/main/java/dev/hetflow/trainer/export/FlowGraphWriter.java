package dev.hetflow.trainer.export;

import dev.hetflow.ffjord.cnf.Cnf;
import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.cnf.FlowVisitor;
import dev.hetflow.ffjord.cnf.SequentialFlow;
import dev.hetflow.ffjord.image.ChannelPermutation;
import dev.hetflow.ffjord.image.ClassCovariance;
import dev.hetflow.ffjord.image.ClassExpansion;
import dev.hetflow.ffjord.image.FactorOut;
import dev.hetflow.ffjord.image.LogitTransform;
import dev.hetflow.ffjord.image.PairCellExpansion;
import dev.hetflow.ffjord.image.PairExpansion;
import dev.hetflow.ffjord.image.Squeeze;
import dev.hetflow.ffjord.solver.Tableau;
import dev.hetflow.onnx.Graph;
import dev.hetflow.onnx.Tensor;
import java.util.List;

/**
 * Writes a flow into an ONNX graph by visiting its layers: each layer's math is written from what the layer itself
 * holds (its parameters come from its dynamics net, see {@link DynamicsGraphWriter}). The state is carried flat,
 * {@code [N, D]}; encode walks layers in order, decode in reverse with each layer inverted. A visit returns the name of
 * the layer's output; {@link #from} sets the input of the next visit.
 */
final class FlowGraphWriter implements FlowVisitor<String> {

    private final Graph g;
    private final Tableau tableau;
    private final String stepsFloat;
    private final String stepsInt;
    private final boolean decode;
    private final Names names = new Names();
    private String current;

    FlowGraphWriter(Graph g, Tableau tableau, String stepsFloat, String stepsInt, boolean decode) {
        this.g = g;
        this.tableau = tableau;
        this.stepsFloat = stepsFloat;
        this.stepsInt = stepsInt;
        this.decode = decode;
    }

    /** The next visited layer reads {@code input}. */
    FlowGraphWriter from(String input) {
        current = input;
        return this;
    }

    @Override
    public String sequential(SequentialFlow flow) {
        List<FlowLayer> layers = flow.layers();
        for (int i = 0; i < layers.size(); i++) {
            current = layers.get(decode ? layers.size() - 1 - i : i).accept(this);
        }
        return current;
    }

    @Override
    public String cnf(Cnf block) {
        TableauLoop.Field f = block.dynamics().accept(new DynamicsGraphWriter(g, names));
        return TableauLoop.solve(g, names, tableau, block.config().time(), current, stepsFloat, stepsInt, decode, f);
    }

    @Override
    public String logit(LogitTransform layer) {
        double a = layer.alpha();
        String alpha = constant("alpha", (float) a);
        String scale = constant("scale", (float) (1 - 2 * a));
        if (decode) {
            // x = (sigmoid(y) - alpha) / (1 - 2 alpha)
            return op("Div", op("Sub", op("Sigmoid", current), alpha), scale);
        }
        // s = alpha + (1 - 2 alpha) x; y = log s - log(1 - s)
        String s = op("Add", op("Mul", current, scale), alpha);
        return op("Sub", op("Log", s), op("Log", op("Sub", constant("one", 1f), s)));
    }

    @Override
    public String squeeze(Squeeze layer) {
        int c = layer.channels();
        int h = layer.height();
        int w = layer.width();
        String flat = longs("flat", -1, (long) c * h * w);
        if (decode) {
            // [C, 2, 2, H/2, W/2] back to [C, H/2, 2, W/2, 2]
            String r = op("Reshape", current, longs("usq", -1, c, 2, 2, h / 2, w / 2));
            String t = g.node("Transpose", names.next("usq_t"), r).attr("perm", 0L, 1L, 4L, 2L, 5L, 3L).output();
            return op("Reshape", t, flat);
        }
        // output channel 4c + 2i + j holds pixel (2y + i, 2x + j) of channel c
        String r = op("Reshape", current, longs("sq", -1, c, h / 2, 2, w / 2, 2));
        String t = g.node("Transpose", names.next("sq_t"), r).attr("perm", 0L, 1L, 3L, 5L, 2L, 4L).output();
        return op("Reshape", t, flat);
    }

    @Override
    public String factorOut(FactorOut layer) {
        String p = names.next("factor") + "_";
        String in = current;
        String shape = g.node("Shape", p + "shape", in).output();
        String width = g.node("Gather", p + "width", shape, g.initializer(Tensor.longs(p + "axis1", new long[] {1},
                1))).attr("axis", 0L).output();
        String kept = g.initializer(Tensor.longs(p + "kept", new long[] {layer.kept()}, 1));
        String split = g.node("Concat", p + "split", kept, g.node("Sub", p + "rest_n", width, kept).output())
                .attr("axis", 0L).output();
        g.node("Split", List.of(in, split), List.of(p + "kept_part", p + "rest_part")).attr("axis", 1L);
        current = p + "kept_part";
        String inner = layer.inner().accept(this);
        current = g.node("Concat", p + "joined", inner, p + "rest_part").attr("axis", 1L).output();
        return current;
    }

    /**
     * A Gather over the channel axis of the [N, C, H W] view: output channel k is input channel order[k] when
     * encoding, and channel k of the latent goes back to order[k] (the inverse order) when decoding.
     */
    @Override
    public String channelPermutation(ChannelPermutation layer) {
        int[] order = layer.order();
        int c = order.length;
        long plane = (long) layer.height() * layer.width();
        long[] by = new long[c];
        for (int k = 0; k < c; k++) {
            by[decode ? order[k] : k] = decode ? k : order[k];
        }
        String channels = op("Reshape", current, longs("perm_view", -1, c, plane));
        String indices = g.initializer(Tensor.longs(names.next("perm_order"), by, c));
        String gathered = g.node("Gather", names.next("perm_gather"), channels, indices).attr("axis", 1L).output();
        return op("Reshape", gathered, longs("flat", -1, c * plane));
    }

    /**
     * z_B = S + e^a (B - S), z_L = c + e^m (mean - c) + e^b (L - mean) with S frame A shifted by the displacement of
     * the input planes' means; decoding first recovers those means, mean = c + e^-m (mean(z_L) - c), then inverts the
     * rest with e^-a, e^-b.
     */
    @Override
    public String pairExpansion(PairExpansion layer) {
        int h = layer.height();
        int w = layer.width();
        double[] rates = layer.rates();
        double[] c = layer.centres();
        double sign = decode ? -1 : 1;
        String eb = constant("pair_eb", (float) Math.exp(sign * rates[0]));
        String el = constant("pair_el", (float) Math.exp(sign * rates[1]));
        String em = constant("pair_em", (float) Math.exp(sign * rates[2]));
        String centre = g.initializer(Tensor.floats(names.next("pair_centre"), new float[] {(float) c[0],
            (float) c[1]}, 1, 2, 1, 1));
        ShiftGraph shift = new ShiftGraph(g, names, h, w, layer.rangePx());
        String axis1 = longs("axis1", 1);
        String x = op("Reshape", current, longs("pair_image", -1, 4, h, w));
        String a = op("Slice", x, longs("at0", 0), longs("at1", 1), axis1);
        String b = op("Slice", x, longs("at1", 1), longs("at2", 2), axis1);
        String labels = op("Slice", x, longs("at2", 2), longs("at4", 4), axis1);
        String means = g.node("ReduceMean", names.next("reducemean"), labels).attr("axes", 2L, 3L)
                .attr("keepdims", 1L).output();
        // the means on the other side: c + e^(+-m) (mean - c)
        String mapped = op("Add", centre, op("Mul", op("Sub", means, centre), em));
        String s = shift.shifted(g, a, decode ? mapped : means);
        String zb = op("Add", s, op("Mul", op("Sub", b, s), eb));
        String zl = op("Add", mapped, op("Mul", op("Sub", labels, means), el));
        String joined = g.node("Concat", names.next("concat"), a, zb, zl).attr("axis", 1L).output();
        return op("Reshape", joined, longs("flat", -1, 4L * h * w));
    }

    /**
     * The label planes by {@link CellLabelsGraph}, then z_B = S + e^a (B - S) with S frame A shifted by the
     * displacement of the data-side planes' means (the input's when encoding, the decoded planes' when decoding).
     */
    @Override
    public String pairCellExpansion(PairCellExpansion layer) {
        int h = layer.height();
        int w = layer.width();
        int plane = h * w;
        String eb = constant("pair_eb", (float) Math.exp((decode ? -1 : 1) * layer.rate()));
        String axis1 = longs("axis1", 1);
        String a = op("Slice", current, longs("at0", 0), longs("at1", plane), axis1);
        String b = op("Slice", current, longs("at1", plane), longs("at2", 2L * plane), axis1);
        CellLabelsGraph cells = new CellLabelsGraph(g, names);
        String[] planes = new String[2];
        for (int l = 0; l < 2; l++) {
            String slice = op("Slice", current, longs("at", (2L + l) * plane), longs("to", (3L + l) * plane), axis1);
            planes[l] = cells.write(layer.labels(), l, plane, slice, decode).output();
        }
        String labels = g.node("Concat", names.next("concat"), planes).attr("axis", 1L).output();
        String dataLabels = decode ? labels
                : op("Slice", current, longs("at2", 2L * plane), longs("at4", 4L * plane), axis1);
        String means = g.node("ReduceMean", names.next("reducemean"),
                op("Reshape", dataLabels, longs("pair_planes", -1, 2, h, w))).attr("axes", 2L, 3L)
                .attr("keepdims", 1L).output();
        String s = op("Reshape", new ShiftGraph(g, names, h, w, layer.rangePx()).shifted(g,
                op("Reshape", a, longs("pair_frame", -1, 1, h, w)), means), longs("pair_flat", -1, plane));
        String zb = op("Add", s, op("Mul", op("Sub", b, s), eb));
        return g.node("Concat", names.next("concat"), a, zb, labels).attr("axis", 1L).output();
    }

    /**
     * The class expansion both ways (see {@link ClassExpansion}): the class plane by {@link CellLabelsGraph}, whose
     * one-hot class row picks the template and log-scale rows by a [N, K] x [K, C H W] MatMul.
     */
    @Override
    public String classExpansion(ClassExpansion layer) {
        int img = layer.imageDim();
        int plane = layer.height() * layer.width();
        int k = layer.classes();
        String mu = g.initializer(Tensor.floats(names.next("class_mu"), flat(layer.templates()), k, img));
        String logScale = g.initializer(Tensor.floats(names.next("class_s"), flat(layer.logScales()), k, img));
        String axis1 = longs("axis1", 1);
        String image = op("Slice", current, longs("class_at0", 0), longs("class_img", img), axis1);
        String labels = op("Slice", current, longs("class_img", img), longs("class_end", img + plane), axis1);
        CellLabelsGraph.Plane classPlane = new CellLabelsGraph(g, names).write(layer.labels(), 0, plane, labels,
                decode);
        String onehot = classPlane.oneHot();
        boolean full = layer.covariance() == ClassCovariance.FULL;
        // the K D^2 matrices are computed only where the covariance is full (identities otherwise: no node)
        String out = decode
                ? op("Add", op("MatMul", onehot, mu), mixed(full ? layer.colorings() : null, "class_color", onehot,
                        img, op("Mul", op("Exp", op("MatMul", onehot, logScale)), image)))
                : op("Mul", mixed(full ? layer.whitenings() : null, "class_whiten", onehot, img,
                        op("Sub", image, op("MatMul", onehot, mu))),
                        op("Exp", op("Neg", op("MatMul", onehot, logScale))));
        return g.node("Concat", names.next("concat"), out, classPlane.output()).attr("axis", 1L).output();
    }

    /**
     * M_k v per row for the row's class k (one-hot [B, K]): the K matrices [K, D D] picked by a MatMul with the
     * one-hot rows, then a batched [B, D, D] x [B, D, 1] MatMul; {@code v} unchanged where {@code matrices} is null
     * (the diagonal covariance).
     */
    private String mixed(double[] matrices, String stem, String onehot, int dim, String v) {
        if (matrices == null) {
            return v;
        }
        float[] values = new float[matrices.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) matrices[i];
        }
        String m = g.initializer(Tensor.floats(names.next(stem), values, values.length / ((long) dim * dim),
                (long) dim * dim));
        String perRow = op("Reshape", op("MatMul", onehot, m), longs("class_mats", -1, dim, dim));
        String column = op("Reshape", v, longs("class_col", -1, dim, 1));
        return op("Reshape", op("MatMul", perRow, column), longs("class_row", -1, dim));
    }

    private static float[] flat(double[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                out[i * rows[i].length + j] = (float) rows[i][j];
            }
        }
        return out;
    }

    private String op(String type, String... inputs) {
        return g.node(type, names.next(type.toLowerCase(java.util.Locale.ROOT)), inputs).output();
    }

    private String constant(String stem, float value) {
        return g.initializer(Tensor.scalar(names.next(stem), value));
    }

    private String longs(String stem, long... values) {
        return g.initializer(Tensor.longs(names.next(stem), values, values.length));
    }
}
