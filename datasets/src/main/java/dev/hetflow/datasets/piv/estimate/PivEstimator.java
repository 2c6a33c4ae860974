package dev.hetflow.datasets.piv.estimate;

/**
 * The classical PIV displacement estimator: FFT cross-correlation of interrogation windows, Gaussian three-point
 * sub-pixel peak fit and the peak ratio as a quality measure, refined by discrete window offset (the second pass
 * shifts the windows by the first pass's integer displacement, recovering particle pairs lost at the window edges).
 * Frames are grey levels, row-major; any scale works (0..255, or normalized 0..1), the estimate is scale-free.
 */
public final class PivEstimator {

    /** Passes of window offset; the second captures the pairs, a third rarely changes the integer offset. */
    private static final int PASSES = 3;

    private PivEstimator() {
    }

    /** The displacement of a whole pair taken as one interrogation window (e.g. a 32x32 sample). */
    public static Displacement estimate(double[] frameA, double[] frameB, int width, int height) {
        requireFrames(frameA, frameB, width, height);
        return refine(frameA, frameB, width, height, 0, 0, width, height, Double.POSITIVE_INFINITY);
    }

    /**
     * As {@link #estimate(double[], double[], int, int)}, searching only displacements with |dx|, |dy| <=
     * {@code maxDisplacement} px: the estimate is invalid when that range holds no correlation peak (the highest
     * value in it is not a local maximum of the correlation plane).
     */
    public static Displacement estimate(double[] frameA, double[] frameB, int width, int height,
                                        double maxDisplacement) {
        requireFrames(frameA, frameB, width, height);
        if (!(maxDisplacement >= 0)) {
            throw new IllegalArgumentException("maxDisplacement must be >= 0 px, got " + maxDisplacement);
        }
        return refine(frameA, frameB, width, height, 0, 0, width, height, maxDisplacement);
    }

    /**
     * Displacements on a grid of {@code window x window} interrogation windows spaced {@code step} apart (e.g. 32
     * and 16 for 50 % overlap), each refined by window offset; spurious vectors are then replaced by the median of
     * their neighbours (normalized median test) and marked in {@link VectorField#replaced()}.
     */
    public static VectorField estimateField(double[] frameA, double[] frameB, int width, int height, int window,
                                            int step) {
        requireFrames(frameA, frameB, width, height);
        if (window < 8 || window > Math.min(width, height)) {
            throw new IllegalArgumentException("window must be 8.." + Math.min(width, height) + " px, got " + window);
        }
        if (step < 1) {
            throw new IllegalArgumentException("step must be >= 1, got " + step);
        }
        int columns = (width - window) / step + 1;
        int rows = (height - window) / step + 1;
        double[] xs = new double[columns];
        double[] ys = new double[rows];
        Displacement[] vectors = new Displacement[columns * rows];
        for (int c = 0; c < columns; c++) {
            xs[c] = c * step + (window - 1) / 2.0;
        }
        for (int r = 0; r < rows; r++) {
            ys[r] = r * step + (window - 1) / 2.0;
            for (int c = 0; c < columns; c++) {
                vectors[r * columns + c] = refine(frameA, frameB, width, height, c * step, r * step, window, window,
                        Double.POSITIVE_INFINITY);
            }
        }
        boolean[] replaced = new boolean[vectors.length];
        Displacement[] filtered = MedianOutlierFilter.filter(vectors, columns, rows, replaced);
        return new VectorField(columns, rows, xs, ys, filtered, replaced);
    }

    /** Unsigned 8-bit pixels (as stored in {@link dev.hetflow.datasets.piv.PivSample}) as grey levels. */
    public static double[] greyLevels(byte[] pixels) {
        double[] out = new double[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = pixels[i] & 0xff;
        }
        return out;
    }

    /** Channel {@code channel} of a (C, H, W) float tensor, e.g. a generated sample's frame in (0, 1). */
    public static double[] channel(float[] tensor, int channel, int width, int height) {
        int plane = width * height;
        if (tensor.length < (channel + 1) * plane) {
            throw new IllegalArgumentException("tensor of " + tensor.length + " values has no channel " + channel
                    + " of " + width + "x" + height);
        }
        double[] out = new double[plane];
        for (int i = 0; i < plane; i++) {
            out[i] = tensor[channel * plane + i];
        }
        return out;
    }

    private static Displacement refine(double[] a, double[] b, int w, int h, int x0, int y0, int sx, int sy,
                                       double limit) {
        Displacement estimate = WindowCorrelator.correlate(a, b, w, h, x0, y0, sx, sy, 0, 0, limit);
        for (int pass = 1; pass < PASSES && estimate.valid(); pass++) {
            int offX = (int) Math.round(estimate.dx());
            int offY = (int) Math.round(estimate.dy());
            if (offX == 0 && offY == 0) {
                break; // the unshifted correlation already is the answer
            }
            Displacement next = WindowCorrelator.correlate(a, b, w, h, x0, y0, sx, sy, offX, offY, limit);
            if (!next.valid()) {
                break;
            }
            boolean settled = Math.round(next.dx()) == offX && Math.round(next.dy()) == offY;
            estimate = next;
            if (settled) {
                break;
            }
        }
        return estimate;
    }

    private static void requireFrames(double[] a, double[] b, int width, int height) {
        if (width <= 0 || height <= 0 || a.length != width * height || b.length != width * height) {
            throw new IllegalArgumentException("frames must both hold " + width + "x" + height + " values, got "
                    + a.length + " and " + b.length);
        }
    }
}
