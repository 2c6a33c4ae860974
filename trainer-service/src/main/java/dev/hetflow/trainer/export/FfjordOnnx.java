package dev.hetflow.trainer.export;

import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.dynamics.TimeConditioning;
import dev.hetflow.ffjord.params.ParameterSlot;
import dev.hetflow.ffjord.params.ParameterStore;
import dev.hetflow.onnx.DataType;
import dev.hetflow.onnx.Dim;
import dev.hetflow.onnx.Graph;
import dev.hetflow.onnx.OnnxModel;
import dev.hetflow.onnx.Tensor;
import dev.hetflow.onnx.ValueInfo;
import dev.hetflow.trainer.model.FfjordModel;
import dev.hetflow.trainer.model.FfjordSettings;
import dev.hetflow.trainer.model.SampleShape;
import java.util.List;
import java.util.Map;

/**
 * FFJORD's graphs for ONNX Runtime (IR 8, opset 17): the sampler decodes z {@code [N, C, H, W]} through the CNF blocks
 * in reverse order, each integrating dz/dt = f(t, z) from T back to 0 with classic RK4 in an ONNX {@code Loop} whose
 * trip count is the int64 input {@code steps}; the encoder maps x to z forward in time with the training step
 * count. The dynamics net is written out layer by layer as {@code MlpDynamics} computes it (Gemm with the stored
 * [out, in] weight, then the CONCAT or CONCATSQUASH time terms, then tanh or softplus between layers).
 */
public final class FfjordOnnx {

    public static final String LATENT = "z";
    public static final String STEPS = "steps";
    public static final String DATA = "x";

    private FfjordOnnx() {
    }

    public static byte[] sampler(FfjordModel model, Map<String, String> metadata) {
        SampleShape shape = model.shape();
        Graph g = new Graph("ffjord_sampler")
                .input(ValueInfo.tensor(LATENT, DataType.FLOAT, nchw(shape)))
                .input(ValueInfo.scalar(STEPS, DataType.INT64))
                .output(ValueInfo.tensor(DATA, DataType.FLOAT, nchw(shape)));
        g.node("Cast", "steps_f", STEPS).attr("to", (long) DataType.FLOAT.code());
        String y = flatten(g, LATENT, shape);
        int blocks = model.settings().blocks();
        for (int i = blocks - 1; i >= 0; i--) {
            y = solve(g, model, i, y, "steps_f", STEPS, true);
        }
        g.node("Reshape", DATA, y, shapeConstant(g, "out_shape", shape));
        return OnnxModel.of(g).producer("hetflow-trainer", version(metadata)).metadata(metadata).toBytes();
    }

    public static byte[] encoder(FfjordModel model, Map<String, String> metadata) {
        SampleShape shape = model.shape();
        Graph g = new Graph("ffjord_encoder")
                .input(ValueInfo.tensor(DATA, DataType.FLOAT, nchw(shape)))
                .output(ValueInfo.tensor(LATENT, DataType.FLOAT, nchw(shape)));
        g.initializer(Tensor.scalar("enc_steps", (long) model.settings().steps()));
        g.initializer(Tensor.scalar("enc_steps_f", (float) model.settings().steps()));
        String y = flatten(g, DATA, shape);
        for (int i = 0; i < model.settings().blocks(); i++) {
            y = solve(g, model, i, y, "enc_steps_f", "enc_steps", false);
        }
        g.node("Reshape", LATENT, y, shapeConstant(g, "out_shape", shape));
        return OnnxModel.of(g).producer("hetflow-trainer", version(metadata)).metadata(metadata).toBytes();
    }

    private static String version(Map<String, String> metadata) {
        return metadata.getOrDefault("code_version", "");
    }

    private static Dim[] nchw(SampleShape s) {
        return new Dim[] {Dim.symbolic("N"), Dim.of(s.channels()), Dim.of(s.height()), Dim.of(s.width())};
    }

    private static String flatten(Graph g, String input, SampleShape shape) {
        g.initializer(Tensor.longs("flat_shape", new long[] {-1, shape.dimensions()}, 2));
        return g.node("Reshape", "flat_in", input, "flat_shape").output();
    }

    private static String shapeConstant(Graph g, String name, SampleShape s) {
        return g.initializer(Tensor.longs(name, new long[] {-1, s.channels(), s.height(), s.width()}, 4));
    }

    /**
     * One CNF block's solve: decode runs t = T -> 0 (h = -T / steps), encode t = 0 -> T (h = T / steps). Returns the
     * name of the final state.
     */
    private static String solve(Graph g, FfjordModel model, int block, String y0, String stepsFloat,
            String stepsInt, boolean decode) {
        FfjordSettings s = model.settings();
        String p = "b" + block + "_";
        addWeights(g, model, block, p);
        g.initializer(Tensor.scalar(p + "T", (float) s.time()));
        String h = g.node("Div", p + "h_abs", p + "T", stepsFloat).output();
        if (decode) {
            h = g.node("Neg", p + "h", h).output();
        }
        g.initializer(Tensor.scalar(p + "half", 0.5f));
        g.initializer(Tensor.scalar(p + "sixth", 1f / 6f));
        g.initializer(Tensor.scalar(p + "two", 2f));
        g.node("Mul", p + "h2", h, p + "half");
        g.node("Mul", p + "h6", h, p + "sixth");
        String t0 = decode ? p + "T" : g.initializer(Tensor.scalar(p + "zero", 0f));

        Graph body = new Graph(p + "rk4_step")
                .input(ValueInfo.scalar(p + "iter", DataType.INT64))
                .input(ValueInfo.scalar(p + "cond_in", DataType.BOOL))
                .input(ValueInfo.unshaped(p + "t_in", DataType.FLOAT))
                .input(ValueInfo.unshaped(p + "y_in", DataType.FLOAT))
                .output(ValueInfo.scalar(p + "cond_out", DataType.BOOL))
                .output(ValueInfo.unshaped(p + "t_out", DataType.FLOAT))
                .output(ValueInfo.unshaped(p + "y_out", DataType.FLOAT));
        String t = p + "t_in";
        String y = p + "y_in";
        String tMid = body.node("Add", p + "t_mid", t, p + "h2").output();
        String tEnd = body.node("Add", p + "t_out", t, h).output();
        String k1 = f(body, s, p, "k1", t, y);
        String y2 = body.node("Add", p + "y2", y, body.node("Mul", p + "k1h", k1, p + "h2").output()).output();
        String k2 = f(body, s, p, "k2", tMid, y2);
        String y3 = body.node("Add", p + "y3", y, body.node("Mul", p + "k2h", k2, p + "h2").output()).output();
        String k3 = f(body, s, p, "k3", tMid, y3);
        String y4 = body.node("Add", p + "y4", y, body.node("Mul", p + "k3h", k3, h).output()).output();
        String k4 = f(body, s, p, "k4", tEnd, y4);
        String k23 = body.node("Mul", p + "k23", body.node("Add", p + "k2k3", k2, k3).output(), p + "two").output();
        String sum = body.node("Add", p + "ksum", body.node("Add", p + "k14", k1, k4).output(), k23).output();
        body.node("Add", p + "y_out", y, body.node("Mul", p + "incr", sum, p + "h6").output());
        body.node("Identity", p + "cond_out", p + "cond_in");

        g.node("Loop", List.of(stepsInt, "", t0, y0), List.of(p + "t_final", p + "y_final")).attr("body", body);
        return p + "y_final";
    }

    /** f(t, y) of block p's MLP; returns the output's name. */
    private static String f(Graph body, FfjordSettings s, String p, String tag, String t, String y) {
        String x = y;
        int layers = s.hidden().size() + 1;
        for (int l = 0; l < layers; l++) {
            String w = p + "l" + l + "_";
            String q = p + tag + "_l" + l + "_";
            String pre = body.node("Gemm", q + "pre", x, w + "W", w + "b").attr("transB", 1L).output();
            String shift = body.node("Mul", q + "shift", t, w + "u").output();
            String a;
            if (s.conditioning() == TimeConditioning.CONCATSQUASH) {
                String gateIn = body.node("Add", q + "gate_in", body.node("Mul", q + "tg", t, w + "g").output(),
                        w + "c").output();
                String gate = body.node("Sigmoid", q + "gate", gateIn).output();
                String gated = body.node("Mul", q + "gated", pre, gate).output();
                a = body.node("Add", q + "a", gated, shift).output();
            } else {
                a = body.node("Add", q + "a", pre, shift).output();
            }
            if (l < layers - 1) {
                a = body.node(s.activation() == Activation.TANH ? "Tanh" : "Softplus", q + "h", a).output();
            }
            x = a;
        }
        return x;
    }

    private static void addWeights(Graph g, FfjordModel model, int block, String p) {
        ParameterStore store = model.parameterStore();
        FfjordSettings s = model.settings();
        boolean squash = s.conditioning() == TimeConditioning.CONCATSQUASH;
        for (int l = 0; l < s.hidden().size() + 1; l++) {
            String name = "block" + block + ".net.layers." + l;
            String w = p + "l" + l + "_";
            ParameterSlot weight = store.slot(name + ".weight");
            g.initializer(Tensor.floats(w + "W", values(store, weight), weight.shape()));
            g.initializer(vector(store, name + ".bias", w + "b"));
            if (squash) {
                g.initializer(vector(store, name + ".hyper_bias", w + "u"));
                g.initializer(vector(store, name + ".hyper_gate.weight", w + "g"));
                g.initializer(vector(store, name + ".hyper_gate.bias", w + "c"));
            } else {
                g.initializer(vector(store, name + ".time_weight", w + "u"));
            }
        }
    }

    private static Tensor vector(ParameterStore store, String slotName, String tensorName) {
        ParameterSlot slot = store.slot(slotName);
        return Tensor.floats(tensorName, values(store, slot), slot.size());
    }

    private static float[] values(ParameterStore store, ParameterSlot slot) {
        return store.value(slot).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').ravel().toFloatVector();
    }
}
