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

    /** One CNF block's RK4 solve (see {@link Rk4Loop}); returns the name of the final state. */
    private static String solve(Graph g, FfjordModel model, int block, String y0, String stepsFloat,
            String stepsInt, boolean decode) {
        FfjordSettings s = model.settings();
        String p = "b" + block + "_";
        addWeights(g, model, block, p);
        return Rk4Loop.solve(g, p, s.time(), y0, stepsFloat, stepsInt, decode,
                (body, tag, t, y) -> f(body, s, p, tag, t, y));
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
