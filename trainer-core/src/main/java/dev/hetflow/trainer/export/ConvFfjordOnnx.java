package dev.hetflow.trainer.export;

import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.params.ParameterSlot;
import dev.hetflow.ffjord.params.ParameterStore;
import dev.hetflow.onnx.DataType;
import dev.hetflow.onnx.Dim;
import dev.hetflow.onnx.Graph;
import dev.hetflow.onnx.OnnxModel;
import dev.hetflow.onnx.Tensor;
import dev.hetflow.onnx.ValueInfo;
import dev.hetflow.trainer.model.ConvFfjordSettings;
import dev.hetflow.trainer.model.FfjordModel;
import dev.hetflow.trainer.model.SampleShape;
import java.util.List;
import java.util.Map;

/**
 * The multiscale conv FFJORD (the ffjord module's ImageFlow) for ONNX Runtime, layer for layer: the logit transform,
 * per scale two CNF blocks {@code scale<i>.cnf0/1}, then (below the last scale) the squeeze (output channel
 * 4c + 2i + j holds pixel (2y + i, 2x + j) of channel c), blocks {@code cnf2/3} at 4C channels and the factor-out
 * of the first 2C channels into the next scale. Conv dynamics: a = conv3x3(x; W) + b + t conv3x3(1; K), zero padding,
 * the activation between layers. Each block's RK4 is a {@link Rk4Loop}; the sampler reverses everything.
 */
public final class ConvFfjordOnnx {

    private ConvFfjordOnnx() {
    }

    public static byte[] sampler(FfjordModel model, Map<String, String> metadata) {
        SampleShape shape = model.shape();
        Graph g = new Graph("ffjord_conv_sampler")
                .input(ValueInfo.tensor(FfjordOnnx.LATENT, DataType.FLOAT, nchw(shape)))
                .input(ValueInfo.scalar(FfjordOnnx.STEPS, DataType.INT64))
                .output(ValueInfo.tensor(FfjordOnnx.DATA, DataType.FLOAT, nchw(shape)));
        g.node("Cast", "steps_f", FfjordOnnx.STEPS).attr("to", (long) DataType.FLOAT.code());
        Writer w = new Writer(g, model, "steps_f", FfjordOnnx.STEPS);
        String y = w.flat(FfjordOnnx.LATENT, "in", shape.dimensions());
        y = w.decodeLevel(y, 0, shape.channels(), shape.height(), shape.width());
        // logit inverse: x = (sigmoid(y) - alpha) / (1 - 2 alpha)
        double a = model.convSettings().alpha();
        g.initializer(Tensor.scalar("alpha", (float) a));
        g.initializer(Tensor.scalar("scale", (float) (1 - 2 * a)));
        String x = g.node("Div", "unlogit", g.node("Sub", "sig_a", g.node("Sigmoid", "sig", y).output(), "alpha")
                .output(), "scale").output();
        g.node("Reshape", FfjordOnnx.DATA, x, w.shape4("out", shape.channels(), shape.height(), shape.width()));
        return OnnxModel.of(g).producer("hetflow-trainer", metadata.getOrDefault("code_version", ""))
                .metadata(metadata).toBytes();
    }

    public static byte[] encoder(FfjordModel model, Map<String, String> metadata) {
        SampleShape shape = model.shape();
        Graph g = new Graph("ffjord_conv_encoder")
                .input(ValueInfo.tensor(FfjordOnnx.DATA, DataType.FLOAT, nchw(shape)))
                .output(ValueInfo.tensor(FfjordOnnx.LATENT, DataType.FLOAT, nchw(shape)));
        g.initializer(Tensor.scalar("enc_steps", (long) model.convSettings().steps()));
        g.initializer(Tensor.scalar("enc_steps_f", (float) model.convSettings().steps()));
        Writer w = new Writer(g, model, "enc_steps_f", "enc_steps");
        String x = w.flat(FfjordOnnx.DATA, "in", shape.dimensions());
        // logit: s = alpha + (1 - 2 alpha) x; y = log s - log(1 - s)
        double a = model.convSettings().alpha();
        g.initializer(Tensor.scalar("alpha", (float) a));
        g.initializer(Tensor.scalar("scale", (float) (1 - 2 * a)));
        g.initializer(Tensor.scalar("one", 1f));
        String s = g.node("Add", "s", g.node("Mul", "xs", x, "scale").output(), "alpha").output();
        String y = g.node("Sub", "logit", g.node("Log", "log_s", s).output(),
                g.node("Log", "log_1ms", g.node("Sub", "one_m_s", "one", s).output()).output()).output();
        y = w.encodeLevel(y, 0, shape.channels(), shape.height(), shape.width());
        g.node("Reshape", FfjordOnnx.LATENT, y, w.shape4("out", shape.channels(), shape.height(), shape.width()));
        return OnnxModel.of(g).producer("hetflow-trainer", metadata.getOrDefault("code_version", ""))
                .metadata(metadata).toBytes();
    }

    private static Dim[] nchw(SampleShape s) {
        return new Dim[] {Dim.symbolic("N"), Dim.of(s.channels()), Dim.of(s.height()), Dim.of(s.width())};
    }

    /** Emits the levels, blocks and their weights into one graph. */
    private static final class Writer {
        private final Graph g;
        private final ConvFfjordSettings s;
        private final ParameterStore store;
        private final String stepsFloat;
        private final String stepsInt;

        Writer(Graph g, FfjordModel model, String stepsFloat, String stepsInt) {
            this.g = g;
            this.s = model.convSettings();
            this.store = model.parameterStore();
            this.stepsFloat = stepsFloat;
            this.stepsInt = stepsInt;
        }

        String shape4(String name, int c, int h, int w) {
            return g.initializer(Tensor.longs(name + "_shape4", new long[] {-1, c, h, w}, 4));
        }

        String flat(String input, String name, int d) {
            g.initializer(Tensor.longs(name + "_flat", new long[] {-1, d}, 2));
            return g.node("Reshape", name + "_flat_out", input, name + "_flat").output();
        }

        String decodeLevel(String y, int scale, int c, int h, int w) {
            String p = "s" + scale + "_";
            if (scale < s.scales() - 1) {
                int kept = 2 * c * (h / 2) * (w / 2);
                int total = c * h * w;
                g.initializer(Tensor.longs(p + "split", new long[] {kept, total - kept}, 2));
                g.node("Split", List.of(y, p + "split"), List.of(p + "kept", p + "rest")).attr("axis", 1L);
                String inner = decodeLevel(p + "kept", scale + 1, 2 * c, h / 2, w / 2);
                y = g.node("Concat", p + "joined", inner, p + "rest").attr("axis", 1L).output();
                y = block(y, scale, 3, 4 * c, h / 2, w / 2, true);
                y = block(y, scale, 2, 4 * c, h / 2, w / 2, true);
                y = unsqueeze(y, p, c, h, w);
            }
            y = block(y, scale, 1, c, h, w, true);
            return block(y, scale, 0, c, h, w, true);
        }

        String encodeLevel(String x, int scale, int c, int h, int w) {
            String p = "s" + scale + "_";
            x = block(x, scale, 0, c, h, w, false);
            x = block(x, scale, 1, c, h, w, false);
            if (scale < s.scales() - 1) {
                x = squeeze(x, p, c, h, w);
                x = block(x, scale, 2, 4 * c, h / 2, w / 2, false);
                x = block(x, scale, 3, 4 * c, h / 2, w / 2, false);
                int kept = 2 * c * (h / 2) * (w / 2);
                int total = c * h * w;
                g.initializer(Tensor.longs(p + "split", new long[] {kept, total - kept}, 2));
                g.node("Split", List.of(x, p + "split"), List.of(p + "kept", p + "rest")).attr("axis", 1L);
                String inner = encodeLevel(p + "kept", scale + 1, 2 * c, h / 2, w / 2);
                x = g.node("Concat", p + "joined", inner, p + "rest").attr("axis", 1L).output();
            }
            return x;
        }

        /** [N, C*H*W] -> [N, 4C*(H/2)*(W/2)]: reshape (C, H/2, 2, W/2, 2), permute (C, 2, 2, H/2, W/2). */
        private String squeeze(String x, String p, int c, int h, int w) {
            g.initializer(Tensor.longs(p + "sq6", new long[] {-1, c, h / 2, 2, w / 2, 2}, 6));
            g.initializer(Tensor.longs(p + "sqflat", new long[] {-1, (long) c * h * w}, 2));
            String r = g.node("Reshape", p + "sq_r", x, p + "sq6").output();
            String t = g.node("Transpose", p + "sq_t", r).attr("perm", 0L, 1L, 3L, 5L, 2L, 4L).output();
            return g.node("Reshape", p + "sq_out", t, p + "sqflat").output();
        }

        /** The inverse: reshape (C, 2, 2, H/2, W/2), permute back to (C, H/2, 2, W/2, 2). */
        private String unsqueeze(String z, String p, int c, int h, int w) {
            g.initializer(Tensor.longs(p + "usq6", new long[] {-1, c, 2, 2, h / 2, w / 2}, 6));
            g.initializer(Tensor.longs(p + "usqflat", new long[] {-1, (long) c * h * w}, 2));
            String r = g.node("Reshape", p + "usq_r", z, p + "usq6").output();
            String t = g.node("Transpose", p + "usq_t", r).attr("perm", 0L, 1L, 4L, 2L, 5L, 3L).output();
            return g.node("Reshape", p + "usq_out", t, p + "usqflat").output();
        }

        private String block(String y, int scale, int block, int c, int h, int w, boolean decode) {
            String name = "scale" + scale + ".cnf" + block;
            String p = "s" + scale + "c" + block + "_";
            int layers = s.hidden().size() + 1;
            float[] ones = new float[h * w];
            java.util.Arrays.fill(ones, 1f);
            g.initializer(Tensor.floats(p + "ones", ones, 1, 1, h, w));
            for (int l = 0; l < layers; l++) {
                String q = name + ".layers." + l;
                String wname = p + "l" + l + "_";
                add(q + ".weight", wname + "W");
                add(q + ".bias", wname + "b");
                add(q + ".time_weight", wname + "K");
                // conv3x3(1; K): the time channel's contribution per unit time, one image for every sample
                g.node("Conv", wname + "tmap", p + "ones", wname + "K").attr("pads", 1L, 1L, 1L, 1L);
            }
            g.initializer(Tensor.longs(p + "shape4", new long[] {-1, c, h, w}, 4));
            g.initializer(Tensor.longs(p + "flat", new long[] {-1, (long) c * h * w}, 2));
            return Rk4Loop.solve(g, p, s.time(), y, stepsFloat, stepsInt, decode,
                    (body, tag, t, state) -> field(body, p, tag, t, state, layers));
        }

        private String field(Graph body, String p, String tag, String t, String state, int layers) {
            String x = body.node("Reshape", p + tag + "_x4", state, p + "shape4").output();
            for (int l = 0; l < layers; l++) {
                String wname = p + "l" + l + "_";
                String q = p + tag + "_l" + l + "_";
                String conv = body.node("Conv", List.of(x, wname + "W", wname + "b"), List.of(q + "conv"))
                        .attr("pads", 1L, 1L, 1L, 1L).output();
                String a = body.node("Add", q + "a", conv, body.node("Mul", q + "tt", t, wname + "tmap").output())
                        .output();
                if (l < layers - 1) {
                    a = body.node(s.activation() == Activation.TANH ? "Tanh" : "Softplus", q + "h", a).output();
                }
                x = a;
            }
            return body.node("Reshape", p + tag + "_f", x, p + "flat").output();
        }

        private void add(String slotName, String tensorName) {
            ParameterSlot slot = store.slot(slotName);
            float[] v = store.value(slot).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').ravel()
                    .toFloatVector();
            g.initializer(Tensor.floats(tensorName, v, slot.shape()));
        }
    }
}
