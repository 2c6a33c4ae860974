package dev.hetflow.ffjord.image;

/**
 * FFJORD's bits/dim (train_cnf.py: {@code -(logpx / D - log 256) / log 2}) generalised to label dimensions with L
 * levels: bits/dim = -(log p(x) - D_img log 256 - D_lab log L) / (D log 2), where log p(x) is the model log-density of
 * the dequantized data in [0, 1]^D, logit log-determinant included. This is an upper bound on the discrete negative
 * log-likelihood in bits per dimension.
 */
public final class BitsPerDim {

    private BitsPerDim() {
    }

    /** Bits per dimension of one sample from its continuous log-density (nats). */
    public static double of(double logDensity, ImageLayout layout) {
        double discretisation = layout.imageDims() * Math.log(256)
                + (layout.labelDims() == 0 ? 0 : layout.labelDims() * Math.log(layout.labelLevels()));
        return -(logDensity - discretisation) / (layout.dim() * Math.log(2));
    }
}
