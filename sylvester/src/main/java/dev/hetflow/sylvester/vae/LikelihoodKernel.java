package dev.hetflow.sylvester.vae;

import dev.hetflow.sylvester.kernel.Values;
import dev.hetflow.sylvester.kernel.VectorSupport;

/**
 * log p(x|z) of {@link DiscretizedLogistic} (image channels) and {@link LabelGaussian} (label channels) from the
 * decoder head's NHWC rows [B H W, 2 ci + 2 cl], with its gradient in one pass per pixel. Same formulas as the
 * graph: for the logistic, a = (x - mu + 1/510) / s and b = (x - mu - 1/510) / s, interior bins
 * log P = b + log expm1(a - b) - softplus(a) - softplus(b), the lowest bin log sigmoid(a), the highest -softplus(b);
 * the derivatives (d/da = -sigmoid(a), d/db = sigmoid(-b), and through 1/s) are written out below.
 */
final class LikelihoodKernel {

    private final ChannelLayout layout;
    private final int headChannels;
    // heap scratch of the lane path, one example at a time
    private double[] rows;
    private double[] gRows;
    private double[] mu;
    private double[] raw;
    private double[] x;
    private double[] lowest;
    private double[] highest;
    private double[] gMu;
    private double[] gRaw;

    LikelihoodKernel(ChannelLayout layout) {
        this.layout = layout;
        this.headChannels = 2 * layout.imageChannels() + 2 * layout.labelChannels();
    }

    /** Whether image planes run in {@link LogisticLanes}. */
    private static final boolean LANES = VectorSupport.AVAILABLE;

    /**
     * Writes logPx[b] (overwritten) and gHead = scale[b] dlogPx[b]/dhead, where scale[b] is dL/dlogPx[b].
     *
     * @param image NCHW [B, ci, H, W] bin centres k/255; low/high: 1 on the lowest/highest bin
     * @param label NCHW [B, cl, H, W]
     */
    void run(Values head, Values image, Values low, Values high, Values label, int batch, double scale,
            double[] logPx, Values gHead) {
        int ci = layout.imageChannels();
        int cl = layout.labelChannels();
        int pixels = layout.height() * layout.width();
        if (LANES && ci > 0) {
            runLanes(head, image, low, high, label, batch, scale, logPx, gHead);
            return;
        }
        for (int b = 0; b < batch; b++) {
            double sum = 0;
            for (int p = 0; p < pixels; p++) {
                int row = (b * pixels + p) * headChannels;
                for (int c = 0; c < ci; c++) {
                    int at = (b * ci + c) * pixels + p;
                    sum += logistic(head, row + c, row + ci + c, image.get(at), low.get(at) > 0.5,
                            high.get(at) > 0.5, scale, gHead);
                }
                for (int c = 0; c < cl; c++) {
                    int at = (b * cl + c) * pixels + p;
                    sum += gaussian(head, row + 2 * ci + c, row + 2 * ci + cl + c, label.get(at), scale, gHead);
                }
            }
            logPx[b] = sum;
        }
    }

    /**
     * As {@link #run}, each example's image planes in {@link LogisticLanes} on heap copies of its head rows (read
     * once per example, its gradient rows written once), its label channels by the scalar loop after that.
     */
    private void runLanes(Values head, Values image, Values low, Values high, Values label, int batch,
            double scale, double[] logPx, Values gHead) {
        int ci = layout.imageChannels();
        int cl = layout.labelChannels();
        int pixels = layout.height() * layout.width();
        int width = pixels * headChannels;
        if (rows == null) {
            int padded = LogisticLanes.padded(pixels);
            rows = new double[width];
            gRows = new double[width];
            mu = new double[padded];
            raw = new double[padded];
            x = new double[padded];
            lowest = new double[padded];
            highest = new double[padded];
            gMu = new double[padded];
            gRaw = new double[padded];
        }
        for (int b = 0; b < batch; b++) {
            head.read(b * width, rows, width);
            double sum = 0;
            for (int c = 0; c < ci; c++) {
                for (int p = 0; p < pixels; p++) {
                    mu[p] = rows[p * headChannels + c];
                    raw[p] = rows[p * headChannels + ci + c];
                }
                int at = (b * ci + c) * pixels;
                image.read(at, x, pixels);
                low.read(at, lowest, pixels);
                high.read(at, highest, pixels);
                sum += LogisticLanes.plane(mu, raw, x, lowest, highest, pixels, scale, gMu, gRaw);
                for (int p = 0; p < pixels; p++) {
                    gRows[p * headChannels + c] = gMu[p];
                    gRows[p * headChannels + ci + c] = gRaw[p];
                }
            }
            // the label slots of gRows are stale here: the loop below overwrites every one of them
            gHead.write(b * width, gRows, width);
            for (int p = 0; p < pixels && cl > 0; p++) {
                int row = (b * pixels + p) * headChannels;
                for (int c = 0; c < cl; c++) {
                    int at = (b * cl + c) * pixels + p;
                    sum += gaussian(head, row + 2 * ci + c, row + 2 * ci + cl + c, label.get(at), scale, gHead);
                }
            }
            logPx[b] = sum;
        }
    }

    private static double logistic(Values head, int muAt, int rawAt, double x, boolean low, boolean high,
            double scale, Values gHead) {
        double mu = head.get(muAt) + 0.5;   // the graph's offset: the image mean starts mid-range
        double t = tanh(head.get(rawAt) / DiscretizedLogistic.LOG_SCALE_RANGE);
        double logScale = DiscretizedLogistic.LOG_SCALE_RANGE * t + DiscretizedLogistic.LOG_SCALE_CENTER;
        double invScale = Math.exp(-logScale);
        double centered = x - mu;
        double hb = DiscretizedLogistic.HALF_BIN;
        double a = (centered + hb) * invScale;
        double bb = (centered - hb) * invScale;
        double logP;
        double dA = 0;
        double dB = 0;
        double dInv = 0;
        if (low) {
            double ea = Math.exp(-Math.abs(a));
            logP = -softplus(-a, ea);              // log sigmoid(a)
            dA = sigmoid(-a, ea);
        } else if (high) {
            double eb = Math.exp(-Math.abs(bb));
            logP = -softplus(bb, eb);
            dB = -sigmoid(bb, eb);
        } else {
            double ea = Math.exp(-Math.abs(a));
            double eb = Math.exp(-Math.abs(bb));
            double width = 2 * hb * invScale;      // a - b
            double em = width < 1e-3 ? Math.expm1(width) : Math.exp(width) - 1;
            logP = bb + Math.log(em) - softplus(a, ea) - softplus(bb, eb);
            dA = -sigmoid(a, ea);
            dB = sigmoid(-bb, eb);
            // Math.expm1 is not an intrinsic: e^w - 1 is used where its relative error, 2.2e-16 / w, stays below
            // 2.2e-13 (w = 2 hb / s >= 1e-3). d log expm1(w) / dw = e^w / (e^w - 1)
            dInv = 2 * hb * (em + 1) / em;
        }
        dInv += dA * (centered + hb) + dB * (centered - hb);
        double dMu = -(dA + dB) * invScale;
        // 1/s = e^{-log s}, log s = R tanh(raw / R) + c: d(1/s)/draw = -(1/s)(1 - t^2)
        double dRaw = -invScale * dInv * (1 - t * t);
        gHead.set(muAt, scale * dMu);
        gHead.set(rawAt, scale * dRaw);
        return logP;
    }

    private static double gaussian(Values head, int meanAt, int rawAt, double x, double scale, Values gHead) {
        double mean = sigmoid(head.get(meanAt));
        double r = LabelGaussian.LOG_SIGMA_RANGE;
        double t = Math.tanh((head.get(rawAt) + r) / r);
        double logSigma = r * t + LabelGaussian.LOG_SIGMA_CENTER;
        double inv = Math.exp(-logSigma);
        double s = (x - mean) * inv;
        double logN = -0.5 * s * s - logSigma - LabelGaussian.HALF_LOG_2PI;
        double dMeanRaw = s * inv * mean * (1 - mean);
        double dRaw = (s * s - 1) * (1 - t * t);
        gHead.set(meanAt, scale * dMeanRaw);
        gHead.set(rawAt, scale * dRaw);
        return logN;
    }

    /** log(1 + e^x) as relu(x) + log1p(e^-|x|), as {@code SdOps.softplus}. */
    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));   // relative precision, for sigma's log
    }

    /**
     * softplus(x) given e = e^-|x| (shared with {@link #sigmoid(double, double)}). log(1 + e) instead of the
     * (non-intrinsic) log1p: its absolute error is that of rounding 1 + e, about 1.1e-16, and softplus enters the
     * loss as a sum of absolute terms (its gradient is the analytic sigmoid).
     */
    private static double softplus(double x, double e) {
        return Math.max(x, 0) + Math.log(1.0 + e);
    }

    static double sigmoid(double x) {
        return sigmoid(x, Math.exp(-Math.abs(x)));
    }

    /** sigmoid(x) given e = e^-|x|. */
    private static double sigmoid(double x, double e) {
        return x >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    /** tanh(u) = sign(u) (1 - e^-2|u|) / (1 + e^-2|u|): Math.tanh is not an intrinsic; absolute error ~1e-16. */
    private static double tanh(double u) {
        double e = Math.exp(-2 * Math.abs(u));
        double t = (1 - e) / (1 + e);
        return u < 0 ? -t : t;
    }
}
