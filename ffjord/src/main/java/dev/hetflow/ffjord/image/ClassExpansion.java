package dev.hetflow.ffjord.image;

import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.cnf.FlowVisitor;
import dev.hetflow.ffjord.cnf.Pass;
import dev.hetflow.ffjord.params.ParameterInit;
import dev.hetflow.ffjord.params.ParameterSlot;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The closed-form class layer of the class-aware flow, on images whose last channel is a dequantized class plane:
 * class k of K stored as (k + u)/K on every pixel, u uniform in [0, 1) per pixel. The plane goes to the base density
 * in closed form ({@link CellLabels}: the class prior's CDF on pixel 0, each other pixel's position in its cell), and
 * the image is standardized by the template mu_k and log-scale s_k of the class k = floor(K L_0) it is labelled with:
 *
 * <pre>
 *   z_x = (x - mu_k) e^(-s_k)      (every image pixel; log|det| adds -sum_j s_k,j)
 * </pre>
 *
 * a class-conditional diagonal Gaussian, which CNF blocks refine: on the pixels before this layer (they read the class
 * from the data's plane, {@link CellLabels#dataCode()}) or on its residual after it ({@link CellLabels#code()}). With
 * {@link ClassCovariance#FULL} the centred image is first whitened by the class's linear autoregression
 * ({@link ClassMixing}), z_x = (I - A_k)(x - mu_k) e^(-s_k), a full-covariance Gaussian with the same log|det|: the
 * correlations that make a stroke are then in closed form too. The log-scales keep above a
 * floor smoothly, s = f + softplus(GAIN_S theta - f) with f = ln(1/256). The Jacobian is
 * block-triangular (the labels first). Sampling inverts it: the class is drawn from the learnt prior, and the image
 * about its own label's template. Parameters {@code <prefix>.template} ([K, C H W], mu / GAIN_MU), {@code
 * <prefix>.scale} ([K, C H W], s / GAIN_S) and {@code <prefix>.prior} (the class histogram's logits), zero at start.
 */
public final class ClassExpansion implements FlowLayer, LabelsFirst {

    /** Templates move about GAIN_MU x the learning rate per Adam step: 0.5 in about 60 steps at lr 0.002. */
    public static final double GAIN_MU = 4;
    /** Log-scales move about GAIN_S x the learning rate per step: a background pixel's -5.5 in about 90 at 0.002. */
    public static final double GAIN_S = 30;
    /**
     * Floor of the log-scales, ln(1/256): one grey level. Below it a class's never-inked pixel would standardize a
     * held-out digit's ink there to hundreds of units, which the CNF block after this layer cannot integrate (seen:
     * Dormand-Prince's error estimate overflowed); the block can still contract what is left.
     */
    public static final double LOG_SCALE_FLOOR = -Math.log(256);

    private final int imageChannels;
    private final int height;
    private final int width;
    private final int plane;
    private final CellLabels labels;
    private final ParameterSlot templateSlot;
    private final ParameterSlot scaleSlot;
    private final ClassMixing mixing;
    private ParameterStore store;
    private double[] lastX;
    private double[] lastZ;
    private int lastRows;

    /** The diagonal form: {@link ClassCovariance#DIAGONAL}. */
    public ClassExpansion(int imageChannels, int height, int width, int classes, ParameterStore.Builder params,
            String prefix) {
        this(imageChannels, height, width, classes, ClassCovariance.DIAGONAL, params, prefix);
    }

    public ClassExpansion(int imageChannels, int height, int width, int classes, ClassCovariance covariance,
            ParameterStore.Builder params, String prefix) {
        if (imageChannels < 1 || height < 1 || width < 1 || height * width < 2) {
            throw new IllegalArgumentException("need at least one image channel and two pixels, got " + imageChannels
                    + " channels of " + height + "x" + width);
        }
        this.imageChannels = imageChannels;
        this.height = height;
        this.width = width;
        this.plane = height * width;
        this.labels = new CellLabels(1, plane, classes, params, prefix);
        this.templateSlot = params.add(prefix + ".template", ParameterInit.zeros(), classes, imageDim());
        this.scaleSlot = params.add(prefix + ".scale", ParameterInit.zeros(), classes, imageDim());
        this.mixing = covariance == ClassCovariance.FULL ? new ClassMixing(classes, imageDim(), params, prefix) : null;
    }

    public ClassCovariance covariance() {
        return mixing == null ? ClassCovariance.DIAGONAL : ClassCovariance.FULL;
    }

    /**
     * (I - A_k)^-1 per class as [K][D D] row-major (the decoder's x = mu_k + (I - A_k)^-1 (e^(s_k) z)); the identity
     * for the diagonal form.
     */
    public double[] colorings() {
        return mixing == null ? identities() : mixing.inverses(bound());
    }

    /** I - A_k per class as [K][D D] row-major (the encoder's whitening before the scales); the identity if diagonal. */
    public double[] whitenings() {
        return mixing == null ? identities() : mixing.whitenings(bound());
    }

    private double[] identities() {
        int d = imageDim();
        double[] out = new double[classes() * d * d];
        for (int k = 0; k < classes(); k++) {
            for (int j = 0; j < d; j++) {
                out[k * d * d + j * d + j] = 1;
            }
        }
        return out;
    }

    public int imageChannels() {
        return imageChannels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int classes() {
        return labels.cells();
    }

    /** The class plane's closed form. */
    public CellLabels labels() {
        return labels;
    }

    /** Flattened [C H W] image dimensions. */
    public int imageDim() {
        return imageChannels * plane;
    }

    private int dim() {
        return imageDim() + plane;
    }

    @Override
    public void bind(ParameterStore store) {
        this.store = store;
        labels.bind(store);
    }

    private ParameterStore bound() {
        if (store == null) {
            throw new IllegalStateException("bind(ParameterStore) must be called first");
        }
        return store;
    }

    /** mu as [K][C H W]: each class's image template. */
    public double[][] templates() {
        return perClass(templateSlot, GAIN_MU);
    }

    /** s as [K][C H W]: each class's per-pixel log standard deviation, above the floor. */
    public double[][] logScales() {
        double[][] q = perClass(scaleSlot, GAIN_S);
        for (double[] row : q) {
            for (int j = 0; j < row.length; j++) {
                row[j] = LOG_SCALE_FLOOR + softplus(row[j] - LOG_SCALE_FLOOR);
            }
        }
        return q;
    }

    /** ds/d(GAIN_S theta) = sigmoid(GAIN_S theta - f), as [K][C H W]. */
    private double[][] logScaleSlopes() {
        double[][] q = perClass(scaleSlot, GAIN_S);
        for (double[] row : q) {
            for (int j = 0; j < row.length; j++) {
                row[j] = 1 / (1 + Math.exp(-(row[j] - LOG_SCALE_FLOOR)));
            }
        }
        return q;
    }

    private static double softplus(double y) {
        return y > 30 ? y : Math.log1p(Math.exp(y));
    }

    private double[][] perClass(ParameterSlot slot, double gain) {
        double[] flat = bound().value(slot).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data()
                .asDouble();
        double[][] out = new double[classes()][imageDim()];
        for (int k = 0; k < classes(); k++) {
            for (int j = 0; j < imageDim(); j++) {
                out[k][j] = gain * flat[k * imageDim() + j];
            }
        }
        return out;
    }

    /** pi: the class prior the layer has learnt. */
    public double[] prior() {
        return labels.prior(0);
    }

    @Override
    public INDArray encode(INDArray x, INDArray logdet, Pass pass) {
        double[] in = rows(x);
        int rows = (int) x.rows();
        double[][] mu = templates();
        double[][] s = logScales();
        CellLabels.Frozen cells = labels.frozen();
        double[] a = mixing == null ? null : mixing.weights(bound());
        double[] out = new double[in.length];
        double[] centred = new double[imageDim()];
        int[] cell = new int[1];
        int lo = imageDim();
        for (int row = 0; row < rows; row++) {
            int o = row * dim();
            double ld = cells.encode(in, o + lo, out, cell);
            int k = cell[0];
            for (int j = 0; j < lo; j++) {
                centred[j] = in[o + j] - mu[k][j];
            }
            if (a == null) {
                System.arraycopy(centred, 0, out, o, lo);
            } else {
                mixing.whiten(a, k, centred, 0, out, o);
            }
            for (int j = 0; j < lo; j++) {
                out[o + j] *= Math.exp(-s[k][j]);
                ld -= s[k][j];
            }
            logdet.putScalar(row, 0, logdet.getDouble(row, 0) + ld);
        }
        if (pass == Pass.TRAIN) {
            lastX = in;
            lastZ = out;
            lastRows = rows;
        }
        return FlatRows.of(out, rows, dim(), x.dataType());
    }

    @Override
    public INDArray decode(INDArray z) {
        double[] in = rows(z);
        int rows = (int) z.rows();
        double[][] mu = templates();
        double[][] s = logScales();
        CellLabels.Frozen cells = labels.frozen();
        double[] a = mixing == null ? null : mixing.weights(bound());
        double[] out = new double[in.length];
        double[] innovation = new double[imageDim()];
        int[] cell = new int[1];
        int lo = imageDim();
        for (int row = 0; row < rows; row++) {
            int o = row * dim();
            cells.decode(in, o + lo, out, cell);
            int k = cell[0];
            for (int j = 0; j < lo; j++) {
                innovation[j] = Math.exp(s[k][j]) * in[o + j];
            }
            if (a == null) {
                System.arraycopy(innovation, 0, out, o, lo);
            } else {
                mixing.color(a, k, innovation, 0, out, o);
            }
            for (int j = 0; j < lo; j++) {
                out[o + j] += mu[k][j];
            }
        }
        return FlatRows.of(out, rows, dim(), z.dataType());
    }

    @Override
    public INDArray backward(INDArray gradZ, INDArray gradLogdet) {
        if (lastX == null) {
            throw new IllegalStateException("backward needs a preceding TRAIN encode");
        }
        double[] x = lastX;
        double[] z = lastZ;
        int rows = lastRows;
        lastX = null;
        lastZ = null;
        double[] g = rows(gradZ);
        double[][] mu = templates();
        double[][] s = logScales();
        double[][] slope = logScaleSlopes();
        CellLabels.Frozen cells = labels.frozen();
        double[] a = mixing == null ? null : mixing.weights(bound());
        double[] gA = mixing == null ? null : new double[a.length];
        double[] gx = new double[x.length];
        double[] gMu = new double[classes() * imageDim()];
        double[] gS = new double[classes() * imageDim()];
        double[][] gPi = new double[1][classes()];
        int lo = imageDim();
        double[] centred = new double[lo];
        double[] gWhitened = new double[lo];
        for (int row = 0; row < rows; row++) {
            int o = row * dim();
            double gld = gradLogdet.getDouble(row, 0);
            cells.backward(x, o + lo, g, gld, gx, gPi);
            int k = labels.cellOf(x[o + lo]);
            // z_j = e_j e^(-s_j) from the TRAIN encode, so dz_j/ds_j = -z_j
            for (int j = 0; j < lo; j++) {
                gWhitened[j] = g[o + j] * Math.exp(-s[k][j]);
                gS[k * lo + j] -= (g[o + j] * z[o + j] + gld) * slope[k][j];
            }
            if (a == null) {
                System.arraycopy(gWhitened, 0, gx, o, lo);
            } else {
                for (int j = 0; j < lo; j++) {
                    centred[j] = x[o + j] - mu[k][j];
                }
                mixing.backward(a, k, centred, 0, gWhitened, 0, gA, gx, o);
            }
            for (int j = 0; j < lo; j++) {
                gMu[k * lo + j] -= gx[o + j];
            }
        }
        if (gA != null) {
            mixing.addGradient(store, gA);
        }
        addScaled(store.gradient(templateSlot), gMu, GAIN_MU);
        addScaled(store.gradient(scaleSlot), gS, GAIN_S);
        labels.addPriorGradient(gPi);
        return FlatRows.of(gx, rows, dim(), gradZ.dataType());
    }

    private static void addScaled(INDArray target, double[] values, double scale) {
        if (target.length() != values.length) {
            throw new IllegalStateException("gradient slot of " + target.length() + " for " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 0) {
                target.putScalar(i, target.getDouble(i) + scale * values[i]);
            }
        }
    }


    private double[] rows(INDArray a) {
        return FlatRows.read(a, dim(), "rows (" + imageChannels + " image channels, then the class plane)");
    }

    @Override
    public double[] labelLogDensity(INDArray x) {
        return labels.logDensity(rows(x), dim(), imageDim());
    }

    @Override
    public int labelDims() {
        return labels.planes() * plane;
    }

    @Override
    public <R> R accept(FlowVisitor<R> visitor) {
        return visitor.classExpansion(this);
    }
}
