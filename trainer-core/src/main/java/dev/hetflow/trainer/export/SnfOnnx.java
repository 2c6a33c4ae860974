package dev.hetflow.trainer.export;

import dev.hetflow.onnx.DataType;
import dev.hetflow.onnx.Dim;
import dev.hetflow.onnx.Graph;
import dev.hetflow.onnx.OnnxModel;
import dev.hetflow.onnx.ValueInfo;
import dev.hetflow.sylvester.SylvesterConfig;
import dev.hetflow.sylvester.SylvesterVae;
import dev.hetflow.sylvester.flows.Flow;
import dev.hetflow.sylvester.flows.FlowStack;
import dev.hetflow.trainer.model.SampleShape;
import dev.hetflow.common.models.SamplerSignature;
import java.util.List;
import java.util.Map;

/**
 * A Sylvester-flow VAE's graphs for ONNX Runtime (IR 8, opset 17), every flow type included.
 * <ul>
 * <li>sampler: z {@code [N, Z, 1, 1]} -> x {@code [N, C, H, W]}, the decoder's likelihood means in the data's
 *     normalized space (image channels the logistic location clipped to [0,1], label channels the Gaussian mean),
 *     as {@link SylvesterVae#decoderMean} computes them;</li>
 * <li>encoder: x -> z {@code [N, Z, 1, 1]}, the posterior mean mu(x) through the K flows, whose parameters the
 *     encoder's heads compute from x (amortized), as {@link SylvesterVae#encode} does, image channels first rounded
 *     to their 8-bit bins.</li>
 * </ul>
 * Neither graph has a solver, so there is no {@code steps} input.
 */
public final class SnfOnnx {

    public static final String LATENT = "z";
    public static final String DATA = "x";

    private SnfOnnx() {
    }

    /** Sampler, encoder and signature (latent {@code [Z, 1, 1]}, no steps input) of a trained VAE. */
    public static ExportedGraphs graphs(SylvesterVae vae, SampleShape shape, Map<String, String> metadata) {
        return new ExportedGraphs(sampler(vae, shape, metadata), encoder(vae, shape, metadata),
                new SamplerSignature(LATENT, List.of(vae.config().latentDim(), 1, 1), null, 0, DATA, DATA, LATENT));
    }

    static byte[] sampler(SylvesterVae vae, SampleShape shape, Map<String, String> metadata) {
        int latent = vae.config().latentDim();
        Graph g = new Graph("snf_sampler")
                .input(ValueInfo.tensor(LATENT, DataType.FLOAT, latent(latent)))
                .output(ValueInfo.tensor(DATA, DataType.FLOAT, nchw(shape)));
        GraphOps o = new GraphOps(g, "s");
        String x = new SnfNetworkOnnx(o, vae).decoderMean(o.reshape(LATENT, -1, latent));
        o.named("Identity", DATA, x);
        return write(g, metadata);
    }

    static byte[] encoder(SylvesterVae vae, SampleShape shape, Map<String, String> metadata) {
        SylvesterConfig config = vae.config();
        int latent = config.latentDim();
        Graph g = new Graph("snf_encoder")
                .input(ValueInfo.tensor(DATA, DataType.FLOAT, nchw(shape)))
                .output(ValueInfo.tensor(LATENT, DataType.FLOAT, latent(latent)));
        GraphOps o = new GraphOps(g, "e");
        SnfNetworkOnnx network = new SnfNetworkOnnx(o, vae);
        String hidden = network.encoderHidden(binned(o, DATA, shape));
        String z = network.head("enc_mu", hidden);
        SylvesterFlowsOnnx flows = new SylvesterFlowsOnnx(o, config);
        List<Flow> stack = FlowStack.of(config.flowType(), latent, config.flowCount(),
                config.householderReflections(), config.effectiveOrthogonalColumns(),
                config.orthogonalizationSteps());
        for (int k = 0; k < stack.size(); k++) {
            String[] blocks = new String[stack.get(k).parameterBlocks().length];
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = network.head("flow" + k + "_block" + i, hidden);
            }
            z = flows.apply(k, z, blocks);
        }
        g.node("Reshape", LATENT, z, o.longs(-1, latent, 1, 1));
        return write(g, metadata);
    }

    /** Image channels rounded to the nearest k/255 (their bins), as SylvesterVae's input does; labels as given. */
    private static String binned(GraphOps o, String x, SampleShape shape) {
        int ci = shape.imageChannels();
        if (ci == 0) {
            return x;
        }
        String levels = o.scalar(255f);
        String image = o.op("Div", o.op("Round", o.op("Mul", o.channels(x, 0, ci), levels)), levels);
        if (shape.labelChannels() == 0) {
            return image;
        }
        return o.node("Concat", image, o.channels(x, ci, shape.channels())).attr("axis", 1L).output();
    }

    private static byte[] write(Graph g, Map<String, String> metadata) {
        return OnnxModel.of(g).producer("hetflow-trainer", metadata.getOrDefault("code_version", ""))
                .metadata(metadata).toBytes();
    }

    private static Dim[] latent(int size) {
        return new Dim[] {Dim.symbolic("N"), Dim.of(size), Dim.of(1), Dim.of(1)};
    }

    private static Dim[] nchw(SampleShape s) {
        return new Dim[] {Dim.symbolic("N"), Dim.of(s.channels()), Dim.of(s.height()), Dim.of(s.width())};
    }
}
