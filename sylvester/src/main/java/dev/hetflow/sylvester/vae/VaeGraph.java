package dev.hetflow.sylvester.vae;

import dev.hetflow.sylvester.flows.Flow;
import dev.hetflow.sylvester.flows.FlowStep;
import dev.hetflow.sylvester.flows.OrthogonalSylvesterFlow;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.List;

/**
 * The whole VAE as one SameDiff graph: encoder q(z0|x), flows z0 -> zK, decoder p(x|zK), and the free energy of
 * van den Berg et al. 2018 eq. 7 with a KL weight beta:
 * loss = E_x[ -log p(x|zK) + beta (log q0(z0) - log p(zK) - sum_k log|det dz_k/dz_{k-1}|) ],
 * single-sample reparameterized z0 = mu + sigma eps. The same graph also holds the prior path (z ~ N(0,I) into
 * the decoder) and the posterior-mean path (mu through the flows); SameDiff only runs what an output needs.
 */
public final class VaeGraph {

    public static final String X = "x";
    public static final String X_IMAGE = "x_image";
    public static final String X_LOW = "x_low";
    public static final String X_HIGH = "x_high";
    public static final String X_LABEL = "x_label";
    public static final String EPS = "eps";
    public static final String BETA = "beta";
    public static final String Z_PRIOR = "z_prior";

    public static final String LOSS = "loss";
    public static final String LOG_PX = "log_px";
    public static final String LOG_Q0 = "log_q0";
    public static final String LOG_PZ = "log_pz";
    public static final String LOG_DET = "log_det";
    public static final String Z_MEAN = "z_mean";
    public static final String PRIOR_IMAGE_MEAN = "prior_image_mean";
    public static final String PRIOR_IMAGE_LOG_SCALE = "prior_image_log_scale";
    public static final String PRIOR_LABEL_MEAN = "prior_label_mean";
    public static final String PRIOR_LABEL_LOG_SIGMA = "prior_label_log_sigma";

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final SameDiff sd;
    private final Parameters parameters;
    private final ChannelLayout layout;
    private final int latentDim;

    private final List<String> orthogonalNames;

    private VaeGraph(SameDiff sd, Parameters parameters, ChannelLayout layout, int latentDim,
            List<String> orthogonalNames) {
        this.orthogonalNames = List.copyOf(orthogonalNames);
        this.sd = sd;
        this.parameters = parameters;
        this.layout = layout;
        this.latentDim = latentDim;
    }

    public static VaeGraph build(ChannelLayout layout, int latentDim, int convChannels, int hiddenDim,
            List<Flow> flows, DataType dataType, long seed) {
        if (latentDim < 1 || convChannels < 1 || hiddenDim < 1) {
            throw new IllegalArgumentException("latent dimension, conv channels and hidden units must be >= 1, got "
                    + latentDim + ", " + convChannels + ", " + hiddenDim);
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("data type must be FLOAT or DOUBLE, got " + dataType);
        }
        SameDiff sd = SameDiff.create();
        Parameters params = new Parameters(sd, dataType, seed);
        Layers layers = new Layers(sd, params);
        int h = layout.height();
        int w = layout.width();

        SDVariable x = sd.placeHolder(X, dataType, -1, layout.channels(), h, w);
        SDVariable eps = sd.placeHolder(EPS, dataType, -1, latentDim);
        SDVariable beta = sd.placeHolder(BETA, dataType);
        SDVariable zPrior = sd.placeHolder(Z_PRIOR, dataType, -1, latentDim);

        ConvEncoder.Output enc = new ConvEncoder(layout, convChannels, hiddenDim, latentDim).encode(sd, layers, x, flows);
        ConvDecoder decoder = new ConvDecoder(params, layout, convChannels, hiddenDim, latentDim);

        // q0: z0 = mu + sigma eps, log q0(z0) = sum_d log N(z0; mu, sigma^2)
        SDVariable z = enc.mu().add(enc.sigma().mul(eps));
        SDVariable logQ0 = sd.math.square(eps).mul(-0.5).sub(sd.math.log(enc.sigma())).sub(HALF_LOG_2PI).sum(1);
        SDVariable logDet = eps.mul(0.0).sum(1);
        SDVariable zMean = enc.mu();
        for (int k = 0; k < flows.size(); k++) {
            FlowStep step = flows.get(k).apply(sd, z, enc.flowBlocks().get(k));
            z = step.z();
            logDet = logDet.add(step.logDet());
            zMean = flows.get(k).apply(sd, zMean, enc.flowBlocks().get(k)).z();
        }
        SDVariable logPz = sd.math.square(z).mul(-0.5).sub(HALF_LOG_2PI).sum(1);

        ConvDecoder.Output dec = decoder.decode(sd, z);
        SDVariable logPx = null;
        if (layout.imageChannels() > 0) {
            SDVariable xImage = sd.placeHolder(X_IMAGE, dataType, -1, layout.imageChannels(), h, w);
            SDVariable low = sd.placeHolder(X_LOW, dataType, -1, layout.imageChannels(), h, w);
            SDVariable high = sd.placeHolder(X_HIGH, dataType, -1, layout.imageChannels(), h, w);
            logPx = DiscretizedLogistic.logProbability(sd, xImage, low, high, dec.imageMean(), dec.imageLogScale());
        }
        if (layout.labelChannels() > 0) {
            SDVariable xLabel = sd.placeHolder(X_LABEL, dataType, -1, layout.labelChannels(), h, w);
            SDVariable labels = LabelGaussian.logDensity(sd, xLabel, dec.labelMean(), dec.labelLogScale());
            logPx = logPx == null ? labels : logPx.add(labels);
        }

        SDVariable kl = logQ0.sub(logPz).sub(logDet);
        SDVariable loss = logPx.neg().add(kl.mul(beta)).mean();
        loss.rename(LOSS);
        loss.markAsLoss();
        logPx.rename(LOG_PX);
        logQ0.rename(LOG_Q0);
        logPz.rename(LOG_PZ);
        logDet.rename(LOG_DET);
        zMean.rename(Z_MEAN);

        ConvDecoder.Output prior = decoder.decode(sd, zPrior);
        if (layout.imageChannels() > 0) {
            prior.imageMean().rename(PRIOR_IMAGE_MEAN);
            DiscretizedLogistic.logScale(sd, prior.imageLogScale()).rename(PRIOR_IMAGE_LOG_SCALE);
        }
        if (layout.labelChannels() > 0) {
            LabelGaussian.mean(sd, prior.labelMean()).rename(PRIOR_LABEL_MEAN);
            LabelGaussian.logSigma(sd, prior.labelLogScale()).rename(PRIOR_LABEL_LOG_SIGMA);
        }
        List<String> orthogonalNames = new java.util.ArrayList<>();
        for (int k = 0; k < flows.size(); k++) {
            if (flows.get(k) instanceof OrthogonalSylvesterFlow orthogonal) {
                SDVariable raw = enc.flowBlocks().get(k)[orthogonal.parameterBlocks().length - 1];
                orthogonalNames.add(raw.reshape(-1, orthogonal.dim(), orthogonal.columns()).rename("flow" + k + "_q0")
                        .name());
                orthogonalNames.add(orthogonal.orthogonalMatrix(sd, raw).rename("flow" + k + "_q").name());
            }
        }
        return new VaeGraph(sd, params, layout, latentDim, orthogonalNames);
    }

    public SameDiff sameDiff() {
        return sd;
    }

    /** Trainable variable names in the fixed order of the flat parameter layout. */
    public List<String> parameterNames() {
        return parameters.names();
    }

    public DataType dataType() {
        return parameters.dataType();
    }

    public ChannelLayout layout() {
        return layout;
    }

    /**
     * For O-SNF: per flow, the raw start A [B,D,M] and the orthogonalized Q [B,D,M] outputs, alternating
     * (A_0, Q_0, A_1, Q_1, ...); empty for other flows.
     */
    public List<String> orthogonalOutputs() {
        return orthogonalNames;
    }

    public int latentDim() {
        return latentDim;
    }
}
