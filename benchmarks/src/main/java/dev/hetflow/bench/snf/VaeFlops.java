package dev.hetflow.bench.snf;

import dev.hetflow.sylvester.SylvesterConfig;

/**
 * Floating-point operations of one training step of the plain conv VAE (no flows), counted from the layer shapes:
 * the convolutions and dense layers only (elementwise work, the likelihood and Adam are O(parameters + pixels) and
 * left out). A layer's forward pass is 2 x its multiply-adds: conv B Hout Wout Cout Cin k^2, dense B in out. Its
 * backward pass is two products of the same size (the input gradient and the weight gradient), so a step counts
 * 3 x the forward FLOPs; the first conv's input gradient, which neither implementation needs, is taken out.
 * MNIST at c = 16, hidden 256, z = 64, batch 100: 1.222 GFLOP forward, 3.642 GFLOP per step.
 */
public final class VaeFlops {

    private VaeFlops() {
    }

    public static double perStep(SylvesterConfig config, int batch) {
        int c = config.convChannels();
        int hidden = config.hiddenDim();
        int z = config.latentDim();
        int size = config.layout().height();
        int channels = config.layout().channels();
        int side = size / 4;
        int map = 2 * c * side * side;
        int head = 2 * config.layout().imageChannels() + 2 * config.layout().labelChannels();
        double firstConv = conv(size, c, channels, 3);
        double macs = firstConv                         // enc_conv1 3x3, 28x28
                + conv(size / 2, 2 * c, c, 4)           // enc_conv2 4x4 s2 -> 14x14
                + conv(side, 2 * c, 2 * c, 4)           // enc_conv3 4x4 s2 -> 7x7
                + (double) map * hidden                 // enc_hidden
                + 2.0 * hidden * z                      // enc_mu, enc_sigma
                + (double) z * hidden                   // dec_hidden
                + (double) hidden * map                 // dec_map
                + conv(size / 2, c, 2 * c, 3)           // dec_conv1 3x3 at 14x14
                + conv(size, c, c, 3)                   // dec_conv2 3x3 at 28x28
                + conv(size, head, c, 1);               // dec_head 1x1
        return batch * 2.0 * (3 * macs - firstConv);
    }

    /** Multiply-adds per example of a convolution with an out x out output. */
    private static double conv(int out, int outChannels, int inChannels, int kernel) {
        return (double) out * out * outChannels * inChannels * kernel * kernel;
    }
}
