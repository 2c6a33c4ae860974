package dev.hetflow.sylvester.vae;

import dev.hetflow.sylvester.flows.Flow;
import dev.hetflow.sylvester.math.SdOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.List;

/**
 * Convolutional inference network q(z0|x): conv 3x3 / conv 4x4 stride 2 / conv 4x4 stride 2 (28 -> 14 -> 7 or
 * 32 -> 16 -> 8), a dense hidden layer, and heads for mu, sigma (softplus, so positive) and every amortized
 * parameter block of every flow layer.
 */
final class ConvEncoder {

    /** Keeps sigma away from 0 so log q0 stays finite; far below the posterior widths seen in practice. */
    static final double MIN_SIGMA = 1e-4;
    /** Flow heads start near zero so every flow starts near the identity map (small gain on the weights). */
    private static final double FLOW_HEAD_GAIN = 0.01;

    record Output(SDVariable mu, SDVariable sigma, List<SDVariable[]> flowBlocks) {
    }

    private final ChannelLayout layout;
    private final int convChannels;
    private final int hiddenDim;
    private final int latentDim;

    ConvEncoder(ChannelLayout layout, int convChannels, int hiddenDim, int latentDim) {
        this.layout = layout;
        this.convChannels = convChannels;
        this.hiddenDim = hiddenDim;
        this.latentDim = latentDim;
    }

    Output encode(SameDiff sd, Layers layers, SDVariable x, List<Flow> flows) {
        int c = convChannels;
        int side = layout.height() / 4;
        SDVariable h = layers.elu(layers.conv("enc_conv1", x, layout.channels(), c, 3, 1, 1, 1.0));
        h = layers.elu(layers.conv("enc_conv2", h, c, 2 * c, 4, 2, 1, 1.0));
        h = layers.elu(layers.conv("enc_conv3", h, 2 * c, 2 * c, 4, 2, 1, 1.0));
        SDVariable flat = h.reshape(-1, 2L * c * side * side);
        SDVariable hidden = layers.elu(layers.dense("enc_hidden", flat, 2 * c * side * side, hiddenDim, 1.0));
        SDVariable mu = layers.dense("enc_mu", hidden, hiddenDim, latentDim, 1.0);
        SDVariable sigma = SdOps.softplus(sd, layers.dense("enc_sigma", hidden, hiddenDim, latentDim, 1.0))
                .add(MIN_SIGMA);
        List<SDVariable[]> blocks = new java.util.ArrayList<>();
        for (int k = 0; k < flows.size(); k++) {
            Flow flow = flows.get(k);
            int[] sizes = flow.parameterBlocks();
            boolean[] randomBias = flow.needsRandomBias();
            SDVariable[] heads = new SDVariable[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                String name = "flow" + k + "_block" + i;
                heads[i] = randomBias[i]
                        ? layers.denseRandomBias(name, hidden, hiddenDim, sizes[i], FLOW_HEAD_GAIN, 1.0)
                        : layers.dense(name, hidden, hiddenDim, sizes[i], FLOW_HEAD_GAIN);
            }
            blocks.add(heads);
        }
        return new Output(mu, sigma, blocks);
    }
}
