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

    /** FULL up to {@link #MAX_FULL_DIM} image dimensions, DIAGONAL above. */
    public static ClassCovariance defaultFor(int imageDim) {
        return imageDim <= MAX_FULL_DIM ? FULL : DIAGONAL;
    }
}
