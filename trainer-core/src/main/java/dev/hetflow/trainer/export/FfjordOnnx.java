package dev.hetflow.trainer.export;

import dev.hetflow.common.models.SamplerSignature;
import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.solver.SolverConfig;
import dev.hetflow.onnx.DataType;
import dev.hetflow.onnx.Dim;
import dev.hetflow.onnx.Graph;
import dev.hetflow.onnx.OnnxModel;
import dev.hetflow.onnx.Tensor;
import dev.hetflow.onnx.ValueInfo;
import dev.hetflow.trainer.model.SampleShape;
import java.util.List;
import java.util.Map;

/**
 * An FFJORD flow's graphs for ONNX Runtime (IR 8, opset 17), written by walking the flow's real layer tree
 * ({@link FlowGraphWriter}): the sampler decodes z {@code [N, C, H, W]} through the layers in reverse, each CNF block
 * integrating dz/dt = f(t, z) from T back to 0 on the training solver's fixed grid in an ONNX {@code Loop} whose trip
 * count is the int64 input {@code steps}; the encoder maps x to z forward in time with the training step count.
 */
public final class FfjordOnnx {

    public static final String LATENT = "z";
    public static final String STEPS = "steps";
    public static final String DATA = "x";

    private FfjordOnnx() {
    }

    /** Sampler, encoder and signature of {@code flow} (bound to its parameters) on samples of {@code shape}. */
    public static ExportedGraphs graphs(FlowLayer flow, SampleShape shape, SolverConfig solver,
            Map<String, String> metadata) {
        if (!(solver instanceof SolverConfig.Fixed fixed)) {
            throw new IllegalArgumentException("the exported graphs integrate on a fixed grid; got " + solver);
        }
        return new ExportedGraphs(sampler(flow, shape, fixed, metadata), encoder(flow, shape, fixed, metadata),
                new SamplerSignature(LATENT, List.of(shape.channels(), shape.height(), shape.width()), STEPS,
                        fixed.steps(), DATA, DATA, LATENT));
    }

    static byte[] sampler(FlowLayer flow, SampleShape shape, SolverConfig.Fixed solver, Map<String, String> metadata) {
        Graph g = new Graph("ffjord_sampler")
                .input(ValueInfo.tensor(LATENT, DataType.FLOAT, nchw(shape)))
                .input(ValueInfo.scalar(STEPS, DataType.INT64))
                .output(ValueInfo.tensor(DATA, DataType.FLOAT, nchw(shape)));
        g.node("Cast", "steps_f", STEPS).attr("to", (long) DataType.FLOAT.code());
        FlowGraphWriter w = new FlowGraphWriter(g, solver.tableau(), "steps_f", STEPS, true);
        String y = flow.accept(w.from(flatten(g, LATENT, shape)));
        g.node("Reshape", DATA, y, shapeConstant(g, "out_shape", shape));
        return write(g, metadata);
    }

    static byte[] encoder(FlowLayer flow, SampleShape shape, SolverConfig.Fixed solver, Map<String, String> metadata) {
        Graph g = new Graph("ffjord_encoder")
                .input(ValueInfo.tensor(DATA, DataType.FLOAT, nchw(shape)))
                .output(ValueInfo.tensor(LATENT, DataType.FLOAT, nchw(shape)));
        g.initializer(Tensor.scalar("enc_steps", (long) solver.steps()));
        g.initializer(Tensor.scalar("enc_steps_f", (float) solver.steps()));
        FlowGraphWriter w = new FlowGraphWriter(g, solver.tableau(), "enc_steps_f", "enc_steps", false);
        String y = flow.accept(w.from(flatten(g, DATA, shape)));
        g.node("Reshape", LATENT, y, shapeConstant(g, "out_shape", shape));
        return write(g, metadata);
    }

    private static byte[] write(Graph g, Map<String, String> metadata) {
        return OnnxModel.of(g).producer("hetflow-trainer", metadata.getOrDefault("code_version", ""))
                .metadata(metadata).toBytes();
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
}
