package dev.hetflow.trainer.export;

import dev.hetflow.sylvester.SylvesterConfig;
import dev.hetflow.sylvester.SylvesterVae;
import dev.hetflow.sylvester.vae.ChannelLayout;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The sylvester module's conv encoder trunk and decoder (vae/ConvEncoder, vae/ConvDecoder) as ONNX nodes, layer for
 * layer with the trained weights: dense layers are Gemm with the stored [in, out] weight, convolutions take the stored
 * [k, k, in, out] kernel transposed to ONNX's [out, in, k, k], nearest upsampling is the same broadcast against ones.
 */
final class SnfNetworkOnnx {

    /** The decoder's offset on the image mean (ConvDecoder: the mean starts mid-range). */
    private static final float IMAGE_MEAN_OFFSET = 0.5f;

    private final GraphOps o;
    private final SylvesterVae vae;
    private final ChannelLayout layout;
    private final int c;
    private final int side;

    SnfNetworkOnnx(GraphOps ops, SylvesterVae vae) {
        this.o = ops;
        this.vae = vae;
        SylvesterConfig config = vae.config();
        this.layout = config.layout();
        this.c = config.convChannels();
        this.side = layout.height() / 4;
    }

    /** x [N, C, H, W] -> the encoder's hidden layer [N, hiddenDim]. */
    String encoderHidden(String x) {
        String h = o.op("Elu", conv("enc_conv1", x, 1, 1));
        h = o.op("Elu", conv("enc_conv2", h, 2, 1));
        h = o.op("Elu", conv("enc_conv3", h, 2, 1));
        String flat = o.reshape(h, -1, 2L * c * side * side);
        return o.op("Elu", dense("enc_hidden", flat));
    }

    /** A dense head on the hidden layer: {@code enc_mu}, or {@code flow<k>_block<i>} (an amortized flow block). */
    String head(String name, String hidden) {
        return dense(name, hidden);
    }

    /**
     * z [N, latentDim] -> the likelihood means [N, C, H, W]: image channels head + 0.5 clipped to [0,1], label channels
     * sigmoid(head) (clipped too, a no-op that SylvesterVae#decoderMean also applies).
     */
    String decoderMean(String z) {
        String h = o.op("Elu", dense("dec_hidden", z));
        h = o.op("Elu", dense("dec_map", h));
        h = o.reshape(h, -1, 2L * c, side, side);
        h = o.op("Elu", conv("dec_conv1", upsample(h, 2L * c, side), 1, 1));
        h = o.op("Elu", conv("dec_conv2", upsample(h, c, 2L * side), 1, 1));
        String head = conv("dec_head", h, 1, 0);
        int ci = layout.imageChannels();
        int cl = layout.labelChannels();
        String zero = o.scalar(0f);
        String one = o.scalar(1f);
        String image = null;
        String label = null;
        if (ci > 0) {
            String mean = o.op("Add", o.channels(head, 0, ci), o.scalar(IMAGE_MEAN_OFFSET));
            image = o.op("Clip", mean, zero, one);
        }
        if (cl > 0) {
            String mean = o.op("Sigmoid", o.channels(head, 2L * ci, 2L * ci + cl));
            label = o.op("Clip", mean, zero, one);
        }
        if (image == null || label == null) {
            return image == null ? label : image;
        }
        return o.node("Concat", image, label).attr("axis", 1L).output();
    }

    /** x [B, C, s, s] -> [B, C, 2s, 2s], each value repeated 2 x 2 (ConvDecoder's broadcast against ones). */
    private String upsample(String x, long channels, long s) {
        float[] ones = new float[4];
        Arrays.fill(ones, 1f);
        String wide = o.op("Mul", o.reshape(x, -1, channels, s, 1, s, 1), o.floats(ones, 1, 1, 1, 2, 1, 2));
        return o.reshape(wide, -1, channels, 2 * s, 2 * s);
    }

    private String dense(String name, String x) {
        return o.op("Gemm", x, weight(name + "_W"), weight(name + "_b"));
    }

    private String conv(String name, String x, long stride, long pad) {
        try (INDArray kernel = vae.parameter(name + "_W"); INDArray oihw = kernel.permute(3, 2, 0, 1).dup('c')) {
            String w = o.floats(oihw.ravel().toFloatVector(), oihw.shape());
            return o.node("Conv", x, w, weight(name + "_b"))
                    .attr("strides", stride, stride).attr("pads", pad, pad, pad, pad).output();
        }
    }

    private String weight(String name) {
        try (INDArray value = vae.parameter(name)) {
            return o.floats(value.ravel().toFloatVector(), value.shape());
        }
    }
}
