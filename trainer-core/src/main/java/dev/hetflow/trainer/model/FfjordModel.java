package dev.hetflow.trainer.model;

import dev.hetflow.ffjord.cnf.Pass;
import dev.hetflow.ffjord.cnf.StandardNormal;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * FFJORD trained by maximum likelihood on flattened samples (D = C*H*W) with a standard normal base.
 *
 * <p>Bits/dim: the model's density is over the normalized values v in (0,1). An 8-bit image channel stores
 * v = x / 256 for dequantized levels x in [0, 256), so log p(x) = log p(v) - ln 256 per image dimension; label
 * channels are continuous and stay in their normalized units. Hence
 * bits/dim = (NLL_v + D_image ln 256) / (D ln 2), FFJORD's definition on the image dimensions.
 *
 * <p>Snapshot layout: {@code [parameters (store layout) | Adam m | Adam v]}; the random stream of Hutchinson probes
 * restarts from seed {@code mix(seed, step)}, so resuming at a step draws the same probes each time.
 */
public final class FfjordModel implements TrainableModel {

    public static final String KIND = "ffjord";

    private final FfjordSettings settings;
    private final ConvFfjordSettings conv;
    private final SampleShape shape;
    private final long seed;
    private FfjordNetwork network;
    private FlatAdam adam;
    private long rngSeed;

    /** MLP dynamics on the flattened sample. */
    public FfjordModel(FfjordSettings settings, SampleShape shape, long seed, double learningRate) {
        this(settings, null, shape, seed, learningRate);
    }

    /** The multiscale conv image model. */
    public FfjordModel(ConvFfjordSettings conv, SampleShape shape, long seed, double learningRate) {
        this(null, conv, shape, seed, learningRate);
    }

    private FfjordModel(FfjordSettings settings, ConvFfjordSettings conv, SampleShape shape, long seed,
            double learningRate) {
        this.settings = settings;
        this.conv = conv;
        this.shape = shape;
        this.seed = seed;
        this.rngSeed = mix(seed, 0);
        this.network = build();
        this.adam = new FlatAdam(network.store(), learningRate);
    }

    private FfjordNetwork build() {
        return settings != null ? FfjordNetwork.mlp(settings, shape.dimensions(), seed, rngSeed)
                : FfjordNetwork.conv(conv, shape, seed, rngSeed);
    }

    /** The MLP settings (the conv model has none). */
    public FfjordSettings settings() {
        if (settings == null) {
            throw new IllegalStateException("the conv FFJORD model has no MLP settings");
        }
        return settings;
    }

    /** The conv settings, or null for the MLP model. */
    public ConvFfjordSettings convSettings() {
        return conv;
    }

    /** Fixed RK4 steps per block. */
    public int steps() {
        return settings != null ? settings.steps() : conv.steps();
    }

    /** The flat parameters in the store's documented layout (for export). */
    public float[] parameters() {
        return network.store().toFloatArray();
    }

    /** Parameter slot names in layout order with offsets (for export): see {@link FfjordNetwork}. */
    public dev.hetflow.ffjord.params.ParameterStore parameterStore() {
        return network.store();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public SampleShape shape() {
        return shape;
    }

    @Override
    public StepResult trainStep(Batch batch) {
        batch.requireShape(shape);
        int b = batch.size();
        try (INDArray x = rows(batch); INDArray logdet = Nd4j.zeros(DataType.FLOAT, b, 1)) {
            INDArray z = network.flow().encode(x, logdet, Pass.TRAIN);
            double nll;
            try (INDArray logp = StandardNormal.logDensity(z)) {
                nll = -logp.addi(logdet).meanNumber().doubleValue();
            }
            long nfe = network.lastEvaluations();
            if (!Double.isFinite(nll)) {
                z.close();
                return new StepResult(nll, nll, Map.of("nll", nll), nfe, false);
            }
            network.store().zeroGradients();
            // dNLL/dz = z / B (from -log N), dNLL/dlogdet = -1 / B
            try (INDArray gradLogdet = Nd4j.valueArrayOf(new long[] {b, 1}, -1.0 / b, DataType.FLOAT)) {
                network.flow().backward(z.divi(b), gradLogdet);
            }
            z.close();
            nfe = nfe + network.lastEvaluations();
            double gradNorm = network.store().gradients().norm2Number().doubleValue();
            if (!Double.isFinite(gradNorm)) {
                return new StepResult(nll, bitsPerDim(nll), Map.of("nll", nll), nfe, false);
            }
            adam.step();
            return new StepResult(nll, bitsPerDim(nll), Map.of("nll", nll, "grad_norm", gradNorm), nfe, true);
        }
    }

    @Override
    public double evaluateBitsPerDim(Batch batch) {
        batch.requireShape(shape);
        try (INDArray x = rows(batch); INDArray logp = network.flow().logDensity(x)) {
            return bitsPerDim(-logp.meanNumber().doubleValue());
        }
    }

    /** Decodes latents {@code [N, D]} to samples (reverse-time RK4 through every block); the result is [N, D]. */
    public float[] sample(float[] latents, int n) {
        try (INDArray z = Nd4j.createFromArray(latents).reshape('c', n, shape.dimensions());
             INDArray x = network.flow().decode(z)) {
            return x.dup('c').ravel().toFloatVector();
        }
    }

    /** Encodes samples {@code [N, D]} to latents (forward-time RK4 through every block, evaluation settings). */
    public float[] encode(float[] samples, int n) {
        try (INDArray x = Nd4j.createFromArray(samples).reshape('c', n, shape.dimensions());
             INDArray logdet = Nd4j.zeros(DataType.FLOAT, n, 1);
             INDArray z = network.flow().encode(x, logdet, Pass.EVAL)) {
            return z.dup('c').ravel().toFloatVector();
        }
    }

    double bitsPerDim(double nllNormalized) {
        return (nllNormalized + shape.imageDimensions() * Math.log(256)) / (shape.dimensions() * Math.log(2));
    }

    @Override
    public ModelSnapshot snapshot() {
        float[] params = network.store().toFloatArray();
        float[] moments = adam.state();
        float[] state = Arrays.copyOf(params, params.length + moments.length);
        System.arraycopy(moments, 0, state, params.length, moments.length);
        return new ModelSnapshot(KIND, state, adam.iteration(), adam.learningRate(), rngSeed);
    }

    @Override
    public void restore(ModelSnapshot snapshot) {
        if (!KIND.equals(snapshot.kind())) {
            throw new IllegalArgumentException("cannot restore a " + snapshot.kind() + " snapshot into ffjord");
        }
        int n = Math.toIntExact(network.store().size());
        if (snapshot.state().length != 3 * n) {
            throw new IllegalArgumentException("snapshot holds " + snapshot.state().length + " values, this model "
                    + "needs " + 3 * n + " (different settings?)");
        }
        // rebuild so that the Hutchinson probes restart from the snapshot's random stream
        rngSeed = snapshot.rngSeed();
        network = build();
        network.store().load(Arrays.copyOf(snapshot.state(), n));
        adam = new FlatAdam(network.store(), snapshot.learningRate());
        adam.restore(Arrays.copyOfRange(snapshot.state(), n, 3 * n), snapshot.step());
    }

    /** Seed of the random stream a restore at {@code step} starts (a SplitMix64 finalizer of seed and step). */
    public static long mix(long seed, long step) {
        long z = seed + 0x9E3779B97F4A7C15L * (step + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public double learningRate() {
        return adam.learningRate();
    }

    @Override
    public void learningRate(double learningRate) {
        adam.learningRate(learningRate);
    }

    @Override
    public long step() {
        return adam.iteration();
    }

    private INDArray rows(Batch batch) {
        return Nd4j.createFromArray(batch.values()).reshape('c', batch.size(), shape.dimensions());
    }

    @Override
    public void close() {
        // the network's arrays are released with it; nothing is held outside the Java heap references
        network = null;
        adam = null;
    }
}
