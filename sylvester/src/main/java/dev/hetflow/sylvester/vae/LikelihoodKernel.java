package dev.hetflow.sylvester.vae;

import dev.hetflow.sylvester.kernel.Values;

/**
 * log p(x|z) of {@link DiscretizedLogistic} (image channels) and {@link LabelGaussian} (label channels) from the
 * decoder head's NHWC rows [B H W, 2 ci + 2 cl], with its gradient in one pass per pixel. Same formulas as the
 * graph: for the logistic, a = (x - mu + 1/510) / s and b = (x - mu - 1/510) / s, interior bins
 * log P = b + log expm1(a - b) - softplus(a) - softplus(b), the lowest bin log sigmoid(a), the highest -softplus(b);
 * the derivatives are d/da = -sigmoid(a), d/db = sigmoid(-b), d/d(1/s) of log expm1(t/s)... written out below.
 */
final class LikelihoodKernel {

    private final ChannelLayout layout;
    private final int headChannels;

    LikelihoodKernel(ChannelLayout layout) {
        this.layout = layout;
        this.headChannels = 2 * layout.imageChannels() + 2 * layout.labelChannels();
    }

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

    private static double logistic(Values head, int muAt, int rawAt, double x, boolean low, boolean high,
            double scale, Values gHead) {
        double mu = head.get(muAt) + 0.5;   // the graph's offset: the image mean starts mid-range
        double t = Math.tanh(head.get(rawAt) / DiscretizedLogistic.LOG_SCALE_RANGE);
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
            logP = -softplus(-a);                  // log sigmoid(a)
            dA = sigmoid(-a);
        } else if (high) {
            logP = -softplus(bb);
            dB = -sigmoid(bb);
        } else {
            double width = 2 * hb * invScale;      // a - b
            logP = bb + Math.log(Math.expm1(width)) - softplus(a) - softplus(bb);
            dA = -sigmoid(a);
            dB = sigmoid(-bb);
            // d log expm1(w) / dw = e^w / (e^w - 1) = 1 / -expm1(-w), w = 2 hb / s
            dInv = 2 * hb / -Math.expm1(-width);
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
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }
}
