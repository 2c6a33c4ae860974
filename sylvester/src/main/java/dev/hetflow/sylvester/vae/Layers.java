package dev.hetflow.sylvester.vae;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;

/** Dense and convolution layers whose variables are registered with a {@link Parameters} store. */
final class Layers {

    private final SameDiff sd;
    private final Parameters params;

    Layers(SameDiff sd, Parameters params) {
        this.sd = sd;
        this.params = params;
    }

    /** x [B,in] W [in,out] + b, weights N(0, gain^2 / in). */
    SDVariable dense(String name, SDVariable x, int in, int out, double gain) {
        SDVariable w = params.normal(name + "_W", gain / Math.sqrt(in), in, out);
        SDVariable b = params.zeros(name + "_b", out);
        return x.mmul(w).add(b);
    }

    /** Dense layer whose bias is N(0, biasStd^2), e.g. for reflection vectors that must not start at 0. */
    SDVariable denseRandomBias(String name, SDVariable x, int in, int out, double gain, double biasStd) {
        SDVariable w = params.normal(name + "_W", gain / Math.sqrt(in), in, out);
        SDVariable b = params.normal(name + "_b", biasStd, out);
        return x.mmul(w).add(b);
    }

    /** NCHW convolution, weights [k,k,in,out] N(0, 1 / (k k in)) scaled by gain. */
    SDVariable conv(String name, SDVariable x, int in, int out, int kernel, int stride, int pad, double gain) {
        SDVariable w = params.normal(name + "_W", gain / Math.sqrt((double) kernel * kernel * in), kernel, kernel, in, out);
        SDVariable b = params.zeros(name + "_b", out);
        Conv2DConfig config = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).pH(pad).pW(pad)
                .dataFormat("NCHW").build();
        return sd.cnn.conv2d(x, w, b, config);
    }

    SDVariable elu(SDVariable x) {
        return sd.nn.elu(x);
    }
}
