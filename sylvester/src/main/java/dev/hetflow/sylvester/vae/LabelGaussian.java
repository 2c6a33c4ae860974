package dev.hetflow.sylvester.vae;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Continuous likelihood of the label channels: a Gaussian per pixel with mean sigmoid(m) in (0,1) and a learned
 * standard deviation sigma in [1/(256 sqrt 12), 1].
 * <p>
 * Why a Gaussian: label channels carry continuous values normalized to (0,1), often exactly constant maps or values
 * at the ends of the interval. A Gaussian density is finite for every value including 0 and 1 (a Beta or
 * logit-normal density is not, and would need clipping that changes the data), its gradients are well behaved
 * (a continuous Bernoulli's normalizer is singular at 1/2), and it matches the Gaussian treatment of continuous
 * dimensions in FFJORD, which hetflow compares against. Its mass outside (0,1) makes it sub-normalized on the
 * data's support, so the reported NLL of label channels is an upper bound (conservative), never optimistic.
 * <p>
 * The floor on sigma is the label's quantization: label channels are known to a grid of width q = 1/256 (the label
 * planes' dequantization noise, {@code LabelNoise.PLANES} in datasets: (k + u)/256 with u uniform per pixel, std
 * q / sqrt 12; class channels have coarser cells of 1/10). A Gaussian narrower than that noise claims more about a
 * label than the data holds, and on constant planes it was what let a label dimension reach -8.8 bits (the old floor
 * e^-7). With sigma >= q / sqrt 12 a label dimension's density is at most sqrt(12 / (2 pi)) 256, i.e. no better than
 * -8.47 bits, and on noisy planes the best Gaussian fit is -7.75 bits (log2 of sqrt(2 pi e) q / sqrt 12), next to
 * the noise's own -8 bits.
 */
final class LabelGaussian {

    /** ln(q / sqrt 12) with q = 1/256: the std of the uniform dequantization noise in one label cell. */
    static final double LOG_SIGMA_MIN = -Math.log(256) - 0.5 * Math.log(12);
    /** log sigma = c + r tanh((raw + r) / r) with c = r = LOG_SIGMA_MIN / 2: range [LOG_SIGMA_MIN, 0], sigma = 0.45
     *  at raw = 0 (a broad start). */
    static final double LOG_SIGMA_CENTER = LOG_SIGMA_MIN / 2;
    static final double LOG_SIGMA_RANGE = -LOG_SIGMA_MIN / 2;
    static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private LabelGaussian() {
    }

    static SDVariable mean(SameDiff sd, SDVariable raw) {
        return sd.nn.sigmoid(raw);
    }

    static SDVariable logSigma(SameDiff sd, SDVariable raw) {
        return sd.math.tanh(raw.add(LOG_SIGMA_RANGE).div(LOG_SIGMA_RANGE)).mul(LOG_SIGMA_RANGE).add(LOG_SIGMA_CENTER);
    }

    /** Sum over channels and pixels of log N(x; mean, sigma^2) per example [B]. */
    static SDVariable logDensity(SameDiff sd, SDVariable x, SDVariable rawMean, SDVariable rawLogSigma) {
        SDVariable logSigma = logSigma(sd, rawLogSigma);
        SDVariable standardized = x.sub(mean(sd, rawMean)).mul(sd.math.exp(logSigma.neg()));
        return sd.math.square(standardized).mul(-0.5).sub(logSigma).sub(HALF_LOG_2PI).sum(1, 2, 3);
    }
}
