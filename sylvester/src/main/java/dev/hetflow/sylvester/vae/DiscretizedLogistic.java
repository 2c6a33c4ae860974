package dev.hetflow.sylvester.vae;

import dev.hetflow.sylvester.math.SdOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Discrete likelihood of the 8-bit image channels: a logistic with location mu and scale s integrated over the
 * bin of width 1/255 around each value k/255 (Salimans et al. 2017, PixelCNN++), the edge bins taking the tails.
 * Being a probability mass over the 256 values, its -log likelihood in bits/dim is that of the 8-bit data.
 * <p>
 * With a = (x + 1/510 - mu)/s and b = (x - 1/510 - mu)/s, sigmoid(a) - sigmoid(b) = e^b (e^{a-b} - 1) /
 * ((1 + e^a)(1 + e^b)), so log P = b + log(expm1(a - b)) - softplus(a) - softplus(b): stable for any a, b, without
 * the clamps (and lost gradients) of the direct difference. Edge bins: log P(0) = log sigmoid(a), log P(1) =
 * log(1 - sigmoid(b)) = -softplus(b).
 */
final class DiscretizedLogistic {

    static final double HALF_BIN = 0.5 / 255.0;
    /** log s in [-7, 5] via a scaled tanh: bounded both ways keeps a - b = 1/(255 s) in [2.6e-5, 4.3]. */
    static final double LOG_SCALE_CENTER = -1.0;
    static final double LOG_SCALE_RANGE = 6.0;

    private DiscretizedLogistic() {
    }

    static SDVariable logScale(SameDiff sd, SDVariable raw) {
        return sd.math.tanh(raw.div(LOG_SCALE_RANGE)).mul(LOG_SCALE_RANGE).add(LOG_SCALE_CENTER);
    }

    /**
     * Sum over channels and pixels of log P(x | mu, s) per example [B].
     *
     * @param low  1 where x is 0 (the lowest bin), else 0
     * @param high 1 where x is 1 (the highest bin), else 0
     */
    static SDVariable logProbability(SameDiff sd, SDVariable x, SDVariable low, SDVariable high, SDVariable mu,
            SDVariable rawLogScale) {
        SDVariable invScale = sd.math.exp(logScale(sd, rawLogScale).neg());
        SDVariable centered = x.sub(mu);
        SDVariable a = centered.add(HALF_BIN).mul(invScale);
        SDVariable b = centered.sub(HALF_BIN).mul(invScale);
        SDVariable interior = b.add(sd.math.log(sd.math.expm1(invScale.mul(2 * HALF_BIN))))
                .sub(SdOps.softplus(sd, a)).sub(SdOps.softplus(sd, b));
        SDVariable lowTerm = SdOps.logSigmoid(sd, a);
        SDVariable highTerm = SdOps.softplus(sd, b).neg();
        SDVariable inside = low.add(high).rsub(1.0);
        SDVariable logP = inside.mul(interior).add(low.mul(lowTerm)).add(high.mul(highTerm));
        return logP.sum(1, 2, 3);
    }
}
