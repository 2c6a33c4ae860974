package dev.hetflow.bench.snf;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import dev.hetflow.bench.cnf.TorchAdam;
import dev.hetflow.bench.cnf.TrainingStep;
import dev.hetflow.sylvester.SylvesterConfig;
import dev.hetflow.sylvester.flows.FlowType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * sylvester's {@code SylvesterVae} training step on libtorch through DJL, layer for layer (van den Berg et al. 2018):
 * the conv encoder (3x3 / 4x4 s2 / 4x4 s2, ELU, dense hidden, mu, softplus sigma + 1e-4, one dense head per flow
 * block), the Householder Sylvester flows (eq. 12-13, Q = H_1 ... H_H, R and R~ from one amortized block with tanh
 * diagonals), the conv decoder (dense, dense map, nearest 2x upsampling with 3x3 convs, ELU, fused 1x1 head), the
 * discretized logistic likelihood in its stable form, and the free energy (eq. 7) with KL weight beta from the
 * config's schedule, then one Adam step. Starts from a hetflow model's weights ({@link VaeWeights}); image-only
 * layouts and the Householder or flow-free VAE only. One native thread when the benchmark sets libtorch's pools.
 */
public final class TorchSylvesterVae implements TrainingStep {

    /** Amortized blocks of a Householder flow: F [D*D], diag R [D], diag R~ [D], b [D], v [H*D]. */
    static final int FLOW_BLOCKS = 5;
    private static final double MIN_SIGMA = 1e-4;
    private static final double TINY = 1e-30;
    private static final double HALF_BIN = 0.5 / 255.0;
    private static final double LOG_SCALE_CENTER = -1.0;
    private static final double LOG_SCALE_RANGE = 6.0;
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final Shape ONE = new Shape(1, 1);

    /** The free energy and its per-example terms, [B] each (sylvester's LOSS, LOG_PX, LOG_Q0, LOG_PZ, LOG_DET). */
    public record Terms(double loss, double[] logPx, double[] logQ0, double[] logPz, double[] logDet) {
    }

    private final SylvesterConfig config;
    private final int batchSize;
    private final DataType dataType;
    private final NDManager base;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final NDArray data;
    private final NDArray upperMask;
    private final NDArray lowerMask;
    private final NDArray upsampleOnes;
    private final TorchAdam adam;
    private long steps;

    /**
     * @param batch {@code batchSize} NCHW examples [B, 1, H, W] in [0, 1], C order: the batch every step trains on
     */
    public TorchSylvesterVae(SylvesterConfig config, VaeWeights weights, float[] batch, int batchSize,
            DataType dataType) {
        if (config.layout().labelChannels() != 0 || config.layout().imageChannels() != 1) {
            throw new IllegalArgumentException("the libtorch twin covers one image channel and no labels, got "
                    + config.layout());
        }
        if (config.flowType() != FlowType.HOUSEHOLDER && config.flowType() != FlowType.NONE) {
            throw new IllegalArgumentException("the libtorch twin covers H-SNF and the plain VAE, got "
                    + config.flowType());
        }
        int side = config.layout().height();
        if (batch.length != batchSize * side * side) {
            throw new IllegalArgumentException("expected " + batchSize + " x " + side + " x " + side
                    + " values, got " + batch.length);
        }
        this.config = config;
        this.batchSize = batchSize;
        this.dataType = dataType;
        base = NDManager.newBaseManager("PyTorch");
        for (String name : VaeWeights.names(config)) {
            NDArray p = torchTensor(weights.get(name), isConvWeight(name));
            p.setRequiresGradient(true);
            params.put(name, p);
        }
        adam = dataType == DataType.FLOAT32 ? new TorchAdam(base, List.copyOf(params.values()),
                config.learningRate()) : null;
        data = base.create(batch, new Shape(batchSize, 1, side, side));
        int d = config.latentDim();
        upperMask = strictMask(d, true);
        lowerMask = strictMask(d, false);
        upsampleOnes = base.ones(new Shape(1, 1, 1, 2, 1, 2), dataType);
    }

    /** One Adam step on the batch with fresh eps ~ N(0, I) and beta from the schedule; returns the loss. */
    @Override
    public double run() {
        if (adam == null) {
            throw new IllegalStateException("training steps run in FLOAT32 only (the benchmark's precision)");
        }
        double loss;
        try (NDManager sub = base.newSubManager()) {
            NDArray eps = sub.randomNormal(new Shape(batchSize, config.latentDim()), dataType);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray free = forward(sub, eps, config.betaSchedule().at(steps))[0];
                gc.backward(free);
                loss = free.getFloat();
            }
            adam.step();
            steps++;
        }
        return loss;
    }

    /**
     * The free energy and its terms for given noise eps [B * D] and beta, and the gradients of the free energy with
     * respect to {@code gradientNames} in hetflow's layouts (for the parity test). Parameters are not changed.
     */
    public Terms terms(double[] eps, double beta, Map<String, double[]> gradientNames) {
        try (NDManager sub = base.newSubManager()) {
            NDArray e = sub.create(eps, new Shape(batchSize, config.latentDim())).toType(dataType, false);
            Terms terms;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray[] out = forward(sub, e, beta);
                gc.backward(out[0]);
                terms = new Terms(out[0].toType(DataType.FLOAT64, false).getDouble(), doubles(out[1]),
                        doubles(out[2]), doubles(out[3]), doubles(out[4]));
            }
            for (String name : gradientNames.keySet()) {
                NDArray g = params.get(name).getGradient();
                gradientNames.put(name, hetflowLayout(name, doubles(g)));
            }
            for (NDArray p : params.values()) {
                p.getGradient().muli(0);
            }
            return terms;
        }
    }

    public long parameterCount() {
        long n = 0;
        for (NDArray p : params.values()) {
            n += p.size();
        }
        return n;
    }

    /** {free energy, log p(x|zK), log q0(z0|x), log p(zK), sum log|det|}, the terms [B]. */
    private NDArray[] forward(NDManager sub, NDArray eps, double beta) {
        int c = config.convChannels();
        int side = config.layout().height() / 4;
        // BatchInputs: the 8-bit level floor(256 v) clipped to 255, as bin centres k/255, and the edge-bin masks
        NDArray raw = data.duplicate();
        raw.attach(sub);
        NDArray image = raw.toType(dataType, false).mul(256).floor().minimum(255).div(255);
        NDArray low = image.lt(HALF_BIN).toType(dataType, false);
        NDArray high = image.gt(1 - HALF_BIN).toType(dataType, false);

        // ConvEncoder
        NDArray h = elu(conv(image, "enc_conv1", 1, 1));
        h = elu(conv(h, "enc_conv2", 2, 1));
        h = elu(conv(h, "enc_conv3", 2, 1));
        NDArray hidden = elu(dense(h.reshape(-1, 2L * c * side * side), "enc_hidden"));
        NDArray mu = dense(hidden, "enc_mu");
        NDArray sigma = Activation.softPlus(dense(hidden, "enc_sigma")).add(MIN_SIGMA);

        // VaeGraph: z0 = mu + sigma eps, log q0 = sum_d log N(z0; mu, sigma^2)
        NDArray z = mu.add(sigma.mul(eps));
        NDArray logQ0 = eps.square().mul(-0.5).sub(sigma.log()).sub(HALF_LOG_2PI).sum(new int[] {1});
        NDArray logDet = eps.mul(0).sum(new int[] {1});
        int flows = config.flowType() == FlowType.NONE ? 0 : config.flowCount();
        for (int k = 0; k < flows; k++) {
            NDArray[] blocks = new NDArray[FLOW_BLOCKS];
            for (int i = 0; i < FLOW_BLOCKS; i++) {
                blocks[i] = dense(hidden, "flow" + k + "_block" + i);
            }
            NDArray[] step = householder(z, blocks);
            z = step[0];
            logDet = logDet.add(step[1]);
        }
        NDArray logPz = z.square().mul(-0.5).sub(HALF_LOG_2PI).sum(new int[] {1});

        // ConvDecoder
        NDArray d = elu(dense(z, "dec_hidden"));
        d = elu(dense(d, "dec_map")).reshape(-1, 2L * c, side, side);
        d = elu(conv(upsample(d, 2L * c, side), "dec_conv1", 1, 1));
        d = elu(conv(upsample(d, c, 2L * side), "dec_conv2", 1, 1));
        NDArray head = conv(d, "dec_head", 1, 0);
        NDArray mean = head.get(":, 0:1").add(0.5);
        NDArray logPx = discretizedLogistic(image, low, high, mean, head.get(":, 1:2"));

        NDArray kl = logQ0.sub(logPz).sub(logDet);
        NDArray free = logPx.neg().add(kl.mul(beta)).mean();
        return new NDArray[] {free, logPx, logQ0, logPz, logDet};
    }

    /**
     * HouseholderSylvesterFlow + SylvesterCore: z' = z + Q R h(R~ Q^T z + b), Q = H_1 ... H_H with
     * H_j = I - 2 u_j u_j^T, log|det| = sum_i log(1 + R~_ii R_ii h'_i) (eq. 12-13).
     */
    private NDArray[] householder(NDArray z, NDArray[] blocks) {
        int m = config.latentDim();
        int reflections = config.householderReflections();
        NDArray v = blocks[4].reshape(-1, reflections, m);
        NDArray unit = v.div(v.square().sum(new int[] {2}, true).add(TINY).sqrt());
        NDArray[] units = new NDArray[reflections];
        for (int j = 0; j < reflections; j++) {
            units[j] = unit.get(":, " + j + ", :");
        }
        NDArray full = blocks[0].reshape(-1, m, m);
        NDArray diagR = blocks[1].tanh();
        NDArray diagRTilde = blocks[2].tanh();
        NDArray upper = full.mul(upperMask);   // R_ij = F_ij, j > i
        NDArray lower = full.mul(lowerMask);   // R~_ij = F_ji, j > i
        NDArray y = z;                          // Q^T z = H_H ... H_1 z
        for (int j = 0; j < reflections; j++) {
            y = reflect(y, units[j]);
        }
        // (R~ y)_i = R~_ii y_i + sum_{j>i} F_ji y_j: y^T lower, a [B,1,M] x [B,M,M] product
        NDArray pre = y.expandDims(1).batchMatMul(lower).squeeze(1).add(diagRTilde.mul(y)).add(blocks[3]);
        NDArray h = pre.tanh();
        NDArray rh = upper.batchMatMul(h.expandDims(2)).squeeze(2).add(diagR.mul(h));
        NDArray q = rh;                         // Q rh = H_1 ... H_H rh
        for (int j = reflections - 1; j >= 0; j--) {
            q = reflect(q, units[j]);
        }
        NDArray hPrime = h.square().neg().add(1);
        NDArray logDet = diagR.mul(diagRTilde).mul(hPrime).add(1).log().sum(new int[] {1});
        return new NDArray[] {z.add(q), logDet};
    }

    /** H x = x - 2 u (u^T x) for a unit vector u, per example. */
    private static NDArray reflect(NDArray x, NDArray u) {
        return x.sub(u.mul(u.mul(x).sum(new int[] {1}, true).mul(2)));
    }

    /**
     * DiscretizedLogistic: log P = b + log(expm1(a - b)) - softplus(a) - softplus(b) inside, log sigmoid(a) in the
     * lowest bin, -softplus(b) in the highest, summed per example. DJL has no expm1: expm1(d) = 2t / (1 - t) with
     * t = tanh(d / 2), exact and as accurate as tanh for small d.
     */
    private static NDArray discretizedLogistic(NDArray x, NDArray low, NDArray high, NDArray mu, NDArray raw) {
        NDArray logScale = raw.div(LOG_SCALE_RANGE).tanh().mul(LOG_SCALE_RANGE).add(LOG_SCALE_CENTER);
        NDArray invScale = logScale.neg().exp();
        NDArray centered = x.sub(mu);
        NDArray a = centered.add(HALF_BIN).mul(invScale);
        NDArray b = centered.sub(HALF_BIN).mul(invScale);
        NDArray t = invScale.mul(HALF_BIN).tanh();                    // tanh(d / 2), d = 2 HALF_BIN / s
        NDArray logExpm1 = t.mul(2).log().sub(t.neg().add(1).log());
        NDArray interior = b.add(logExpm1).sub(Activation.softPlus(a)).sub(Activation.softPlus(b));
        NDArray lowTerm = Activation.softPlus(a.neg()).neg();
        NDArray highTerm = Activation.softPlus(b).neg();
        NDArray inside = low.add(high).neg().add(1);
        return inside.mul(interior).add(low.mul(lowTerm)).add(high.mul(highTerm)).sum(new int[] {1, 2, 3});
    }

    /**
     * Nearest-neighbour 2x upsampling, the decoder's values (it concatenates each value with itself along width and
     * height): here a broadcast against ones [1,1,1,2,1,2], which libtorch differentiates cheaply.
     */
    private NDArray upsample(NDArray x, long channels, long side) {
        return x.reshape(-1, channels, side, 1, side, 1).mul(upsampleOnes).reshape(-1, channels, 2 * side, 2 * side);
    }

    private NDArray conv(NDArray x, String layer, int stride, int pad) {
        return Conv2d.conv2d(x, params.get(layer + "_W"), params.get(layer + "_b"), new Shape(stride, stride),
                new Shape(pad, pad), ONE).singletonOrThrow();
    }

    private NDArray dense(NDArray x, String layer) {
        return x.matMul(params.get(layer + "_W")).add(params.get(layer + "_b"));
    }

    private static NDArray elu(NDArray x) {
        return Activation.elu(x, 1f);
    }

    private NDArray strictMask(int m, boolean upper) {
        double[] mask = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                mask[i * m + j] = (upper ? j > i : i > j) ? 1 : 0;
            }
        }
        return base.create(mask, new Shape(m, m)).toType(dataType, false);
    }

    private static boolean isConvWeight(String name) {
        return name.endsWith("_W") && (name.contains("_conv") || name.equals("dec_head_W"));
    }

    /** A hetflow variable as a libtorch tensor: conv weights [k, k, in, out] become [out, in, k, k]. */
    private NDArray torchTensor(VaeWeights.Tensor t, boolean conv) {
        long[] shape = t.shape();
        double[] values = t.values();
        if (conv) {
            int k = (int) shape[0];
            int in = (int) shape[2];
            int out = (int) shape[3];
            double[] permuted = new double[values.length];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    for (int y = 0; y < k; y++) {
                        for (int x = 0; x < k; x++) {
                            permuted[((o * in + i) * k + y) * k + x] = values[((y * k + x) * in + i) * out + o];
                        }
                    }
                }
            }
            values = permuted;
            shape = new long[] {out, in, k, k};
        }
        return base.create(values, new Shape(shape)).toType(dataType, false);
    }

    /** A gradient in libtorch's layout back in hetflow's (conv weights [out, in, k, k] to [k, k, in, out]). */
    private double[] hetflowLayout(String name, double[] values) {
        if (!isConvWeight(name)) {
            return values;
        }
        long[] s = params.get(name).getShape().getShape();
        int out = (int) s[0];
        int in = (int) s[1];
        int k = (int) s[2];
        double[] back = new double[values.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int y = 0; y < k; y++) {
                    for (int x = 0; x < k; x++) {
                        back[((y * k + x) * in + i) * out + o] = values[((o * in + i) * k + y) * k + x];
                    }
                }
            }
        }
        return back;
    }

    private static double[] doubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    @Override
    public void close() {
        base.close();
    }
}
