package dev.hetflow.sylvester.vae;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;

/**
 * Convolutional generative network p(x|z): dense to hidden, dense to a 2c x s x s map (s = side / 4),
 * nearest-neighbour upsampling with 3x3 convolutions back to full size, then a 1x1 head giving every likelihood
 * parameter map. Built once with its variables, it can be applied to several latent inputs (posterior and prior).
 */
final class ConvDecoder {

    /** Per-pixel parameters of both likelihoods, each [B, channels, H, W] (absent when there are no such channels). */
    record Output(SDVariable imageMean, SDVariable imageLogScale, SDVariable labelMean, SDVariable labelLogScale) {
    }

    private final ChannelLayout layout;
    private final int c;
    private final int side;
    private final SDVariable[] w = new SDVariable[10];

    ConvDecoder(Parameters p, ChannelLayout layout, int convChannels, int hiddenDim, int latentDim) {
        this.layout = layout;
        this.c = convChannels;
        this.side = layout.height() / 4;
        int mapSize = 2 * c * side * side;
        w[0] = p.normal("dec_hidden_W", 1.0 / Math.sqrt(latentDim), latentDim, hiddenDim);
        w[1] = p.zeros("dec_hidden_b", hiddenDim);
        w[2] = p.normal("dec_map_W", 1.0 / Math.sqrt(hiddenDim), hiddenDim, mapSize);
        w[3] = p.zeros("dec_map_b", mapSize);
        w[4] = p.normal("dec_conv1_W", 1.0 / Math.sqrt(9.0 * 2 * c), 3, 3, 2 * c, c);
        w[5] = p.zeros("dec_conv1_b", c);
        w[6] = p.normal("dec_conv2_W", 1.0 / Math.sqrt(9.0 * c), 3, 3, c, c);
        w[7] = p.zeros("dec_conv2_b", c);
        // One fused 1x1 head for all likelihood parameters: an im2col per head dominated the step time on CPU.
        w[8] = p.normal("dec_head_W", 1.0 / Math.sqrt(c), 1, 1, c, headChannels());
        w[9] = p.zeros("dec_head_b", headChannels());
    }

    Output decode(SameDiff sd, SDVariable z) {
        SDVariable h = sd.nn.elu(z.mmul(w[0]).add(w[1]));
        h = sd.nn.elu(h.mmul(w[2]).add(w[3])).reshape(-1, 2L * c, side, side);
        h = sd.nn.elu(conv(sd, upsample(sd, h, 2 * c, side), w[4], w[5], 3, 1));
        h = sd.nn.elu(conv(sd, upsample(sd, h, c, 2 * side), w[6], w[7], 3, 1));
        SDVariable head = conv(sd, h, w[8], w[9], 1, 0);
        int ci = layout.imageChannels();
        int cl = layout.labelChannels();
        SDVariable imageMean = null;
        SDVariable imageScale = null;
        SDVariable labelMean = null;
        SDVariable labelScale = null;
        if (ci > 0) {
            // offset 0.5: the image mean starts mid-range of [0,1]
            imageMean = channels(head, 0, ci).add(0.5);
            imageScale = channels(head, ci, 2 * ci);
        }
        if (cl > 0) {
            labelMean = channels(head, 2 * ci, 2 * ci + cl);
            labelScale = channels(head, 2 * ci + cl, 2 * ci + 2 * cl);
        }
        return new Output(imageMean, imageScale, labelMean, labelScale);
    }

    /**
     * Nearest-neighbour 2x upsampling of [B,C,s,s]: each value doubled along a new last axis of width and of height
     * by concatenation ([B,C,s,1,s,1] -> [B,C,s,2,s,2]). ND4J M2.1's upsampling2d fails its shape inference inside
     * SameDiff; a broadcast multiply against ones cost 15% of the plain VAE's step in its backward pass and tile was
     * slower still, where concat's backward is two strided slices and an add.
     */
    private static SDVariable upsample(SameDiff sd, SDVariable x, long channels, long side) {
        SDVariable cell = x.reshape(-1, channels, side, 1, side, 1);
        SDVariable wide = sd.concat(5, cell, cell);
        return sd.concat(3, wide, wide).reshape(-1, channels, 2 * side, 2 * side);
    }

    private int headChannels() {
        return 2 * layout.imageChannels() + 2 * layout.labelChannels();
    }

    private static SDVariable channels(SDVariable x, int from, int to) {
        return x.get(SDIndex.all(), SDIndex.interval(from, to), SDIndex.all(), SDIndex.all());
    }

    private static SDVariable conv(SameDiff sd, SDVariable x, SDVariable weights, SDVariable bias, int kernel,
            int pad) {
        Conv2DConfig config = Conv2DConfig.builder()
                .kH(kernel).kW(kernel).sH(1).sW(1).pH(pad).pW(pad).dataFormat("NCHW").build();
        return sd.cnn.conv2d(x, weights, bias, config);
    }
}
