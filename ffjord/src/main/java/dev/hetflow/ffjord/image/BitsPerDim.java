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
    /**
     * Conditional bits per label dimension by the chain rule log p(x_img, x_lbl) = log p(x_img) + log p(x_lbl | x_img),
     * with a homogeneous model's NLL of the same images as the estimate of -log p(x_img):
     * (NLL_joint - NLL_image) / (D_label ln 2), where each NLL (nats per sample) is its bits/dim times its dimensions
     * times ln 2. Both figures must be on the same validation images. Negative when the joint model's image part does
     * better than the homogeneous model (the split is an estimate, not an identity).
     *
     * @param jointBitsPerDim the heterogeneous model's bits/dim over {@code imageDims + labelDims} dimensions
     * @param imageBitsPerDim the homogeneous model's bits/dim over {@code imageDims} dimensions
     */
    public static double conditionalLabel(double jointBitsPerDim, double imageBitsPerDim, int imageDims,
            int labelDims) {
        if (imageDims < 1 || labelDims < 1) {
            throw new IllegalArgumentException("need image and label dimensions >= 1, got " + imageDims + " and "
                    + labelDims);
        }
        double jointBits = jointBitsPerDim * (imageDims + labelDims);
        double imageBits = imageBitsPerDim * imageDims;
        return (jointBits - imageBits) / labelDims;
    }
}
