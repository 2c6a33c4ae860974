package dev.hetflow.ffjord.image;

/** The image covariance of {@link ClassExpansion}'s class-conditional Gaussian. */
public enum ClassCovariance {
    /** Per-pixel scales only: pixels independent given the class. */
    DIAGONAL,
    /**
     * A full covariance per class, as a linear autoregression of each pixel on the pixels before it (raster order):
     * K D^2 parameters, so refused above {@link #MAX_FULL_DIM} image dimensions.
     */
    FULL;

    /** Image dimensions up to which {@link #FULL} is accepted (10 classes hold 10 M mixing weights there). */
    public static final int MAX_FULL_DIM = 1024;

    /**
     * Image dimensions up to which {@link #FULL} is the default: the 2-core sizes (MNIST 14x14, 16x16 windows). Above
     * it the O(D^2) whitening per sample and the O(D^3) inverses written at export grow past a conv block's cost.
     */
    public static final int DEFAULT_FULL_DIM = 256;

    /** FULL up to {@link #DEFAULT_FULL_DIM} image dimensions, DIAGONAL above. */
    public static ClassCovariance defaultFor(int imageDim) {
        return imageDim <= DEFAULT_FULL_DIM ? FULL : DIAGONAL;
    }
}
