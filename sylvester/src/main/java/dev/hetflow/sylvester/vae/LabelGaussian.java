package dev.hetflow.sylvester.vae;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Continuous likelihood of the label channels: a Gaussian per pixel with mean sigmoid(m) in (0,1) and a learned
 * standard deviation sigma in [e^-7, 1].
 * <p>
 * Why a Gaussian: label channels carry continuous values normalized to (0,1), often exactly constant maps or values
 * at the ends of the interval. A Gaussian density is finite for every value including 0 and 1 (a Beta or
 * logit-normal density is not, and would need clipping that changes the data), its gradients are well behaved
 * (a continuous Bernoulli's normalizer is singular at 1/2), and it matches the Gaussian treatment of continuous
 * dimensions in FFJORD, which hetflow compares against. Its mass outside (0,1) makes it sub-normalized on the
 * data's support, so the reported NLL of label channels is an upper bound (conservative), never optimistic. The
 * lower bound on sigma caps the density at 1/(e^-7 sqrt(2 pi)) so constant labels cannot drive the loss to -inf.
 */
final class LabelGaussian {

    /** log sigma = -3.5 + 3.5 tanh((raw + 3.5) / 3.5): range [-7, 0], sigma = 0.43 at raw = 0 (a broad start). */
    private static final double LOG_SIGMA_CENTER = -3.5;
    private static final double LOG_SIGMA_RANGE = 3.5;
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

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
