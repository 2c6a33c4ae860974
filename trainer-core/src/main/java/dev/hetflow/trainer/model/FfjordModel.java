package dev.hetflow.trainer.model;

import dev.hetflow.ffjord.cnf.Cnf;
import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.cnf.Pass;
import dev.hetflow.ffjord.cnf.SequentialFlow;
import dev.hetflow.ffjord.dynamics.ImageChannelDynamics;
import dev.hetflow.ffjord.image.LabelsFirst;
import dev.hetflow.ffjord.train.MaximumLikelihood;
import dev.hetflow.optim.Adam;
import dev.hetflow.trainer.export.ExportedGraphs;
import dev.hetflow.trainer.export.FfjordOnnx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * FFJORD (MLP or multiscale conv, see {@link FfjordMlpSpec}, {@link FfjordConvSpec}) trained by maximum likelihood on
 * flattened samples (D = C*H*W) with a standard normal base.
 *
 * <p>Bits/dim: the model's density is over the normalized values v in (0,1). An 8-bit image channel stores
 * v = x / 256 for dequantized levels x in [0, 256), so log p(x) = log p(v) - ln 256 per image dimension; label
 * channels are continuous and stay in their normalized units. Hence
 * bits/dim = (NLL_v + D_image ln 256) / (D ln 2), FFJORD's definition on the image dimensions. A training step
 * reports the training solver's figure; {@link #evaluate} the evaluation solver's, with the training solver's beside.
 *
 * <p>Sampling and encoding integrate on the training solver's fixed grid, as the exported graphs do.
 *
 * <p>Snapshot layout: {@code [parameters (store layout) | Adam m | Adam v]}; the random stream of Hutchinson probes
 * restarts from seed {@code mix(seed, step)}, so resuming at a step draws the same probes each time.
 */
final class FfjordModel implements GenerativeModel {

    static final String FAMILY = "ffjord";

    private final ModelSpec spec;
    private final SampleShape shape;
    private final SolverSpec trainSolver;
    private final SolverSpec evalSolver;
    private final FfjordNetwork.Factory factory;
    private FfjordNetwork network;
    private Adam adam;
    private long rngSeed;

    FfjordModel(FfjordMlpSpec spec, SampleShape shape, long seed) {
        this(spec, shape, spec.trainSolver(), spec.evalSolver(),
                probes -> FfjordNetwork.mlp(spec, shape, seed, probes), seed);
    }

    FfjordModel(FfjordConvSpec spec, SampleShape shape, long seed) {
        this(spec, shape, spec.trainSolver(), spec.evalSolver(),
                probes -> FfjordNetwork.conv(spec, shape, seed, probes), seed);
    }

    FfjordModel(FfjordClassSpec spec, SampleShape shape, long seed) {
        this(spec, shape, spec.trainSolver(), spec.evalSolver(),
                probes -> FfjordNetwork.classes(spec, shape, seed, probes), seed);
    }

    FfjordModel(FfjordPivSpec spec, SampleShape shape, long seed) {
        this(spec, shape, spec.trainSolver(), spec.evalSolver(),
                probes -> FfjordNetwork.piv(spec, shape, seed, probes), seed);
    }

    private FfjordModel(ModelSpec spec, SampleShape shape, SolverSpec trainSolver, SolverSpec evalSolver,
            FfjordNetwork.Factory factory, long seed) {
        this.spec = spec;
        this.shape = shape;
        this.trainSolver = trainSolver;
        this.evalSolver = evalSolver;
        this.factory = factory;
        this.rngSeed = mix(seed, 0);
        this.network = factory.apply(rngSeed);
        this.adam = new Adam(List.of(network.store().values()));
    }

    /** Backprop through the solver needs a fixed grid; the exported graphs integrate on it too. */
    static void requireFixed(SolverSpec trainSolver) {
        if (!trainSolver.fixed()) {
            throw new IllegalArgumentException("trainSolver must be a fixed-step method (EULER, MIDPOINT or RK4): "
                    + "training backpropagates through it; DOPRI5 is for evalSolver");
        }
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public SampleShape shape() {
        return shape;
    }

    @Override
    public String evaluationMethod() {
        return evalSolver.label();
    }

    @Override
    public StepResult trainStep(Batch batch, double learningRate) {
        batch.requireShape(shape);
        try (INDArray x = rows(batch)) {
            long before = network.evaluations();
            double nll = MaximumLikelihood.lossAndGradient(network.flow(), network.store(), x);
            long nfe = network.evaluations() - before;
            if (!Double.isFinite(nll)) {
                return new StepResult(nll, nll, Map.of("nll", nll), nfe, false);
            }
            double gradNorm = network.store().gradients().norm2Number().doubleValue();
            if (!Double.isFinite(gradNorm)) {
                return new StepResult(nll, bitsPerDim(nll), Map.of("nll", nll), nfe, false);
            }
            adam.update(List.of(network.store().gradients()), learningRate);
            return new StepResult(nll, bitsPerDim(nll), Map.of("nll", nll, "grad_norm", gradNorm), nfe, true);
        }
    }

    @Override
    public Evaluation evaluate(Batch batch) {
        batch.requireShape(shape);
        try (INDArray x = rows(batch)) {
            long before = network.evaluations();
            double reported = meanBitsPerDim(network.flow(), x);
            long nfe = network.evaluations() - before;
            return new Evaluation(reported, meanBitsPerDim(network.fixedGrid(), x), nfe);
        }
    }

    @Override
    public java.util.OptionalDouble labelBitsPerDim(Batch batch) {
        batch.requireShape(shape);
        LabelsFirst first = labelsFirst();
        if (first == null) {
            return java.util.OptionalDouble.empty();
        }
        try (INDArray x = rows(batch)) {
            double[] logp = first.labelLogDensity(x);
            double mean = java.util.Arrays.stream(logp).average().orElse(Double.NaN);
            return java.util.OptionalDouble.of(-mean / (first.labelDims() * Math.log(2)));
        }
    }

    /**
     * The layer that puts the labels first in closed form, if every layer before it keeps the label planes where the
     * data put them (CNF blocks whose dynamics move the image channels only): the flow is then p(labels)
     * p(image | labels) with that layer's exact label density; null otherwise.
     */
    private LabelsFirst labelsFirst() {
        List<ImageChannelDynamics> before = new ArrayList<>();
        for (FlowLayer layer : network.flow().layers()) {
            if (layer instanceof LabelsFirst first) {
                boolean kept = before.stream().allMatch(d -> d.dim() - d.imageDim() == first.labelDims());
                return kept ? first : null;
            }
            if (!(layer instanceof Cnf cnf && cnf.dynamics() instanceof ImageChannelDynamics d)) {
                return null;
            }
            before.add(d);
        }
        return null;
    }

    private double meanBitsPerDim(SequentialFlow flow, INDArray x) {
        try (INDArray logp = flow.logDensity(x)) {
            return bitsPerDim(-logp.meanNumber().doubleValue());
        }
    }

    @Override
    public float[][] sample(int n, long seed) {
        int d = shape.dimensions();
        SplittableRandom random = new SplittableRandom(seed);
        float[][] z = new float[n][d];
        for (float[] row : z) {
            for (int i = 0; i < d; i++) {
                // Box-Muller from two uniforms in (0, 1]
                double u = 1 - random.nextDouble();
                row[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()));
            }
        }
        return decode(z);
    }

    @Override
    public float[][] encode(float[][] samples) {
        int n = samples.length;
        try (INDArray x = Rows.of(samples); INDArray logdet = Nd4j.zeros(DataType.FLOAT, n, 1);
             INDArray z = network.fixedGrid().encode(x, logdet, Pass.EVAL)) {
            return Rows.split(z);
        }
    }

    @Override
    public float[][] decode(float[][] latents) {
        try (INDArray z = Rows.of(latents); INDArray x = network.fixedGrid().decode(z)) {
            return Rows.split(x);
        }
    }

    @Override
    public ExportedGraphs export(Map<String, String> metadata) {
        return FfjordOnnx.graphs(network.fixedGrid(), shape, trainSolver.config(), metadata);
    }

    double bitsPerDim(double nllNormalized) {
        return (nllNormalized + shape.imageDimensions() * Math.log(256)) / (shape.dimensions() * Math.log(2));
    }

    /** The flat parameters in the store's layout. */
    float[] parameters() {
        return network.store().toFloatArray();
    }

    @Override
    public ModelSnapshot snapshot() {
        float[] params = network.store().toFloatArray();
        float[] moments = adam.moments();
        float[] state = Arrays.copyOf(params, params.length + moments.length);
        System.arraycopy(moments, 0, state, params.length, moments.length);
        return new ModelSnapshot(FAMILY, state, adam.step(), rngSeed);
    }

    @Override
    public void restore(ModelSnapshot snapshot) {
        if (!FAMILY.equals(snapshot.kind())) {
            throw new IllegalArgumentException("cannot restore a " + snapshot.kind() + " snapshot into ffjord");
        }
        int n = Math.toIntExact(network.store().size());
        if (snapshot.state().length != 3 * n) {
            throw new IllegalArgumentException("snapshot holds " + snapshot.state().length + " values, this model "
                    + "needs " + 3 * n + " (different settings?)");
        }
        // rebuild so that the Hutchinson probes restart from the snapshot's random stream
        rngSeed = snapshot.rngSeed();
        network = factory.apply(rngSeed);
        network.store().load(Arrays.copyOf(snapshot.state(), n));
        adam = new Adam(List.of(network.store().values()));
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
    public long step() {
        return adam.step();
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
