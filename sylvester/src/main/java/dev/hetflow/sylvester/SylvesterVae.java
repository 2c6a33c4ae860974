package dev.hetflow.sylvester;

import dev.hetflow.sylvester.flows.Flow;
import dev.hetflow.sylvester.flows.FlowStack;
import dev.hetflow.sylvester.vae.ChannelLayout;
import dev.hetflow.sylvester.vae.VaeGraph;
import dev.hetflow.sylvester.vae.VaeKernelStep;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import dev.hetflow.optim.Adam;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A VAE with Sylvester (or planar) normalizing flows, van den Berg et al. UAI 2018: the API the trainer and the
 * sampler call. Batches are NCHW arrays in [0,1]: image channels hold 8-bit values k/255, label channels
 * continuous values. Not thread-safe: one caller at a time.
 */
public final class SylvesterVae implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SylvesterVae.class.getName());
    /** Examples x importance samples per graph run during evaluation, bounding memory. */
    private static final int EVALUATION_CHUNK = 500;

    private final SylvesterConfig config;
    private final VaeGraph graph;
    private final SameDiff sd;
    private final List<String> parameterNames;
    private final List<INDArray> parameters = new ArrayList<>();
    private final Adam adam;
    private final Random noise;
    /** The hand-written gradient pass, or null where a flow type has none (then SameDiff's gradient is used). */
    private final VaeKernelStep kernelStep;
    private double learningRate;
    private boolean closed;

    private SylvesterVae(SylvesterConfig config) {
        this.config = config;
        List<Flow> flows = FlowStack.of(config.flowType(), config.latentDim(), config.flowCount(),
                config.householderReflections(), config.effectiveOrthogonalColumns(), config.orthogonalizationSteps());
        this.graph = VaeGraph.build(config.layout(), config.latentDim(), config.convChannels(), config.hiddenDim(),
                flows, dataType(config), config.seed());
        this.sd = graph.sameDiff();
        this.parameterNames = graph.parameterNames();
        Map<String, INDArray> byName = new LinkedHashMap<>();
        for (String name : parameterNames) {
            INDArray array = sd.getVariable(name).getArr();
            parameters.add(array);
            byName.put(name, array);
        }
        this.kernelStep = VaeKernelStep.forModel(config.layout(), config.latentDim(), config.convChannels(),
                config.hiddenDim(), flows, byName);
        this.adam = new Adam(parameters);
        this.noise = new Random(config.seed() ^ 0x5DEECE66DL);
        this.learningRate = config.learningRate();
        LOG.log(System.Logger.Level.DEBUG, () -> "built " + config.flowType() + " VAE with " + parameterCount()
                + " parameters");
    }

    public static SylvesterVae create(SylvesterConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config is required");
        }
        return new SylvesterVae(config);
    }

    private static DataType dataType(SylvesterConfig config) {
        return config.doublePrecision() ? DataType.DOUBLE : DataType.FLOAT;
    }

    public SylvesterConfig config() {
        return config;
    }

    /** Steps taken so far (the Adam step count; drives the beta schedule). */
    public long step() {
        return adam.step();
    }

    public double learningRate() {
        return learningRate;
    }

    /** Sets the learning rate used from the next step on (e.g. by a reduce-on-plateau scheduler). */
    public void setLearningRate(double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + lr);
        }
        this.learningRate = lr;
    }

    /** One Adam step on the free energy with beta from the configured schedule. */
    public TrainStepResult trainStep(INDArray batch) {
        return trainStep(batch, config.betaSchedule().at(adam.step()));
    }

    /** One Adam step on {@code batchSize} NCHW examples given as a flat float array. */
    public TrainStepResult trainStep(float[] batch, int batchSize) {
        return trainStep(BatchInputs.fromFloats(batch, batchSize, config.layout()));
    }

    /**
     * One Adam step on {@code batchSize} flat NCHW examples, beta from the schedule, at a learning rate the caller
     * owns (a trainer with its own schedule); this VAE's own rate is neither read nor changed.
     */
    public TrainStepResult trainStep(float[] batch, int batchSize, double learningRate) {
        return trainStep(BatchInputs.fromFloats(batch, batchSize, config.layout()),
                config.betaSchedule().at(adam.step()), learningRate);
    }

    /** One Adam step on the free energy with an explicit KL weight beta. */
    public TrainStepResult trainStep(INDArray batch, double beta) {
        return trainStep(batch, beta, learningRate);
    }

    private TrainStepResult trainStep(INDArray batch, double beta, double learningRate) {
        if (closed) {
            throw new IllegalStateException("this model was closed");
        }
        if (!(beta >= 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and >= 0, got " + beta);
        }
        Map<String, INDArray> feed = feed(batch, beta);
        if (kernelStep != null) {
            return kernelTrainStep(feed, beta, learningRate);
        }
        List<String> outputs = List.of(VaeGraph.LOSS, VaeGraph.LOG_PX, VaeGraph.LOG_Q0, VaeGraph.LOG_PZ,
                VaeGraph.LOG_DET);
        // the first call builds the gradient graph, which is when ND4J prints its per-op chatter
        OutAndGrad result = sd.getFunction("grad") != null
                ? sd.calculateGradientsAndOutputs(feed, outputs, parameterNames)
                : SameDiffChatter.muted(() -> sd.calculateGradientsAndOutputs(feed, outputs, parameterNames));
        Map<String, INDArray> out = result.getOutputs();
        double reconstruction = -out.get(VaeGraph.LOG_PX).meanNumber().doubleValue();
        double kl = out.get(VaeGraph.LOG_Q0).sub(out.get(VaeGraph.LOG_PZ)).sub(out.get(VaeGraph.LOG_DET))
                .meanNumber().doubleValue();
        double loss = out.get(VaeGraph.LOSS).getDouble(0);
        List<INDArray> gradients = new ArrayList<>(parameterNames.size());
        for (String name : parameterNames) {
            gradients.add(result.getGradients().get(name));
        }
        TrainStepResult step = applied(beta, learningRate, loss, reconstruction, kl, gradients);
        closeAll(result.getGradients().values());
        closeAll(out.values());
        return step;
    }

    /** The same step through {@link VaeKernelStep}: same loss, same gradients, without SameDiff's per-op cost. */
    private TrainStepResult kernelTrainStep(Map<String, INDArray> feed, double beta, double learningRate) {
        VaeKernelStep.Result r = kernelStep.run(feed, beta);
        closeAll(feed.values());
        double reconstruction = 0;
        double kl = 0;
        int n = r.logPx().length;
        for (int i = 0; i < n; i++) {
            reconstruction -= r.logPx()[i];
            kl += r.logQ0()[i] - r.logPz()[i] - r.logDet()[i];
        }
        List<INDArray> gradients = new ArrayList<>(parameterNames.size());
        for (String name : parameterNames) {
            gradients.add(kernelStep.gradient(name));
        }
        return applied(beta, learningRate, r.loss(), reconstruction / n, kl / n, gradients);
    }

    /** Adam on the gradients when the loss and their norm are finite; the step's result either way. */
    private TrainStepResult applied(double beta, double learningRate, double loss, double reconstruction, double kl,
            List<INDArray> gradients) {
        double squaredNorm = 0;
        for (INDArray g : gradients) {
            squaredNorm += squaredNorm(g);
        }
        double gradientNorm = Math.sqrt(squaredNorm);
        boolean finite = Double.isFinite(loss) && Double.isFinite(gradientNorm);
        long stepIndex = adam.step();
        if (finite) {
            adam.update(gradients, learningRate);
        } else {
            LOG.log(System.Logger.Level.WARNING, "step {0}: non-finite loss {1} or gradient norm {2}; update skipped",
                    stepIndex, loss, gradientNorm);
        }
        double freeEnergy = reconstruction + kl;
        return new TrainStepResult(stepIndex, beta, learningRate, loss, reconstruction, kl, freeEnergy,
                bitsPerDim(freeEnergy), gradientNorm, finite);
    }

    /**
     * ELBO and importance-sampled NLL: log p(x) ~ log (1/S) sum_s p(x|zK_s) p(zK_s) / q(zK_s|x) with
     * q(zK|x) = q0(z0|x) / prod_k |det dz_k/dz_{k-1}| (Rezende and Mohamed 2015; Burda et al. 2016).
     */
    public Evaluation evaluate(INDArray batch, int importanceSamples) {
        if (importanceSamples < 1) {
            throw new IllegalArgumentException("importance samples must be >= 1, got " + importanceSamples);
        }
        int examples = Math.toIntExact(batch.size(0));
        int perChunk = Math.max(1, EVALUATION_CHUNK / importanceSamples);
        double elboSum = 0;
        double logLikelihoodSum = 0;
        for (int start = 0; start < examples; start += perChunk) {
            int end = Math.min(examples, start + perChunk);
            INDArray chunk = batch.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end));
            INDArray repeated = chunk.repeat(0, importanceSamples);  // example i at rows i*S .. i*S+S-1
            Map<String, INDArray> out = sd.output(feed(repeated, 1.0), VaeGraph.LOG_PX, VaeGraph.LOG_Q0,
                    VaeGraph.LOG_PZ, VaeGraph.LOG_DET);
            INDArray logWeights = out.get(VaeGraph.LOG_PX).add(out.get(VaeGraph.LOG_PZ)).sub(out.get(VaeGraph.LOG_Q0))
                    .add(out.get(VaeGraph.LOG_DET)).castTo(DataType.DOUBLE).reshape(end - start, importanceSamples);
            for (int i = 0; i < end - start; i++) {
                double[] w = logWeights.getRow(i).toDoubleVector();
                elboSum += mean(w);
                logLikelihoodSum += logMeanExp(w);
            }
        }
        double elbo = elboSum / examples;
        double nll = -logLikelihoodSum / examples;
        return new Evaluation(elbo, nll, bitsPerDim(-elbo), bitsPerDim(nll), examples, importanceSamples);
    }

    /** Draws {@code n} examples: z ~ N(0, I) through the decoder. Returns [n, C, H, W] in [0,1], float. */
    public INDArray sample(int n, SampleMode mode) {
        if (n < 1 || mode == null) {
            throw new IllegalArgumentException("need n >= 1 and a sample mode, got n=" + n + ", mode=" + mode);
        }
        return Sampling.sample(sd, config.layout(), gaussian(n, config.latentDim()), mode, noise);
    }

    /**
     * The decoder's likelihood means for given latents z [n, latentDim]: image channels the logistic location
     * clipped to [0,1] (unrounded; {@link #sample} with {@link SampleMode#MEAN} rounds it to the 8-bit bins), label
     * channels the Gaussian mean. Returns [n, C, H, W], float (what the exported ONNX sampler computes).
     */
    public INDArray decoderMean(INDArray z) {
        if (z == null || z.rank() != 2 || z.size(0) < 1 || z.size(1) != config.latentDim()) {
            throw new IllegalArgumentException("expected latents [n, " + config.latentDim() + "], got "
                    + (z == null ? "null" : java.util.Arrays.toString(z.shape())));
        }
        return Sampling.means(sd, config.layout(), z.castTo(graph.dataType()));
    }

    /**
     * A copy of a trainable variable's current value as float, by its name in {@link VaeGraph#parameterNames()}
     * (e.g. {@code enc_conv1_W} [k, k, in, out], {@code dec_hidden_W} [in, out], {@code flow0_block2_b}); for export.
     */
    public INDArray parameter(String name) {
        int i = parameterNames.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no trainable variable " + name + " in this model");
        }
        return parameters.get(i).castTo(DataType.FLOAT).dup('c');
    }

    /** Posterior mean through the flows: z = f_K(...f_1(mu(x))) with the flow parameters amortized on x; [B, D]. */
    public INDArray encode(INDArray batch) {
        Map<String, INDArray> feed = BatchInputs.placeholders(batch, config.layout(), graph.dataType());
        return sd.output(Map.of(VaeGraph.X, feed.get(VaeGraph.X)), VaeGraph.Z_MEAN).get(VaeGraph.Z_MEAN);
    }

    /**
     * O-SNF diagnostics on a batch: the largest ||Q0^T Q0 - I||_2 over examples and flows at the start of the
     * orthogonalization (Q0 = A / ||A||_F; the iteration converges when it is below 1) and after it.
     * Throws IllegalStateException for other flow types.
     */
    public OrthogonalityReport orthogonality(INDArray batch) {
        List<String> names = graph.orthogonalOutputs();
        if (names.isEmpty()) {
            throw new IllegalStateException("orthogonality applies to O-SNF only, this model uses "
                    + config.flowType());
        }
        Map<String, INDArray> feed = BatchInputs.placeholders(batch, config.layout(), graph.dataType());
        Map<String, INDArray> out = sd.output(Map.of(VaeGraph.X, feed.get(VaeGraph.X)), names);
        double start = 0;
        double end = 0;
        for (int i = 0; i < names.size(); i += 2) {
            INDArray raw = out.get(names.get(i));
            INDArray q = out.get(names.get(i + 1));
            for (long b = 0; b < raw.size(0); b++) {
                INDArray a = raw.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all());
                start = Math.max(start, dev.hetflow.sylvester.flows.Orthogonalization.deviation(
                        a.div(a.norm2Number())));
                end = Math.max(end, dev.hetflow.sylvester.flows.Orthogonalization.deviation(
                        q.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b),
                                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                org.nd4j.linalg.indexing.NDArrayIndex.all())));
            }
        }
        if (!(start < 1.0)) {
            LOG.log(System.Logger.Level.WARNING, "O-SNF start violates ||Q0^T Q0 - I||_2 < 1: {0}", start);
        }
        return new OrthogonalityReport(start, end);
    }

    /** Number of trainable parameters. */
    public long parameterCount() {
        long n = 0;
        for (INDArray p : parameters) {
            n += p.length();
        }
        return n;
    }

    /** Length of the flat state: parameters, Adam first moments, Adam second moments, then the step count. */
    public long stateSize() {
        return 3 * parameterCount() + 1;
    }

    /**
     * All parameters and the optimizer state as one flat array (checkpoints, rollback after NaN):
     * [parameters | Adam m | Adam v | step], each part in {@link VaeGraph#parameterNames()} order, arrays in
     * C order. The step is stored as a float, exact up to 2^24 steps.
     */
    public float[] exportState() {
        long p = parameterCount();
        float[] state = new float[Math.toIntExact(stateSize())];
        int offset = 0;
        for (INDArray a : parameters) {
            float[] values = a.castTo(DataType.FLOAT).reshape(a.length()).toFloatVector();
            System.arraycopy(values, 0, state, offset, values.length);
            offset += values.length;
        }
        float[] moments = adam.moments();
        System.arraycopy(moments, 0, state, offset, moments.length);
        if (adam.step() > (1L << 24)) {
            throw new IllegalStateException("step " + adam.step() + " cannot be stored exactly in a float state");
        }
        state[Math.toIntExact(3 * p)] = adam.step();
        return state;
    }

    /** Restores a state from {@link #exportState()} of a model with the same config. */
    public void importState(float[] state) {
        if (state == null || state.length != stateSize()) {
            throw new IllegalArgumentException("state must have " + stateSize() + " floats for this config, got "
                    + (state == null ? "null" : state.length));
        }
        float step = state[state.length - 1];
        if (!(step >= 0) || step != Math.rint(step)) {
            throw new IllegalArgumentException("state's step count must be a whole number >= 0, got " + step);
        }
        int offset = 0;
        for (INDArray a : parameters) {
            int n = Math.toIntExact(a.length());
            float[] values = java.util.Arrays.copyOfRange(state, offset, offset + n);
            a.assign(Nd4j.createFromArray(values).castTo(a.dataType()).reshape(a.shape()));
            offset += n;
        }
        adam.restore(java.util.Arrays.copyOfRange(state, offset, state.length - 1), (long) step);
    }

    /**
     * ||g||^2 as one BLAS dot product (a NaN or infinity anywhere makes it non-finite) where the array is dense:
     * ND4J's norm2 reduction took about 1.3 ms per million values here, a tenth of H-SNF's step for its 10.7 M.
     */
    private static double squaredNorm(INDArray g) {
        if (g.elementWiseStride() == 1 && g.ordering() == 'c') {
            return Nd4j.getBlasWrapper().level1().dot(g.length(), 1.0, g, g);
        }
        double norm = g.norm2Number().doubleValue();
        return norm * norm;
    }

    /** Frees the native memory of arrays a graph run returned, which are not reused by SameDiff. */
    private static void closeAll(java.util.Collection<INDArray> arrays) {
        for (INDArray a : arrays) {
            if (a != null && a.closeable()) {
                a.close();
            }
        }
    }

    private Map<String, INDArray> feed(INDArray batch, double beta) {
        Map<String, INDArray> feed = BatchInputs.placeholders(batch, config.layout(), graph.dataType());
        feed.put(VaeGraph.EPS, gaussian(Math.toIntExact(batch.size(0)), config.latentDim()));
        feed.put(VaeGraph.BETA, Nd4j.scalar(graph.dataType(), beta));
        return feed;
    }

    private INDArray gaussian(int rows, int columns) {
        double[] values = new double[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = noise.nextGaussian();
        }
        return Nd4j.createFromArray(values).reshape(rows, columns).castTo(graph.dataType());
    }

    private double bitsPerDim(double nats) {
        return nats / (config.layout().dimensions() * Math.log(2));
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** log (1/S) sum_s e^{w_s}, shifted by the maximum so no term overflows. */
    static double logMeanExp(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : values) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum / values.length);
    }

    /**
     * Frees the training step's native buffers now rather than when the garbage collector finds them; training is
     * refused afterwards. The graph's arrays stay with the graph.
     */
    @Override
    public void close() {
        if (!closed && kernelStep != null) {
            kernelStep.close();
        }
        closed = true;
    }

    /** The hand-written step, or null where this model's flows have none; for tests and diagnostics. */
    VaeKernelStep kernelStep() {
        return kernelStep;
    }

    /** The graph, for tests and diagnostics. */
    VaeGraph graph() {
        return graph;
    }

    ChannelLayout layout() {
        return config.layout();
    }
}
