package dev.hetflow.trainer.model;

import dev.hetflow.sylvester.Evaluation;
import dev.hetflow.sylvester.SampleMode;
import dev.hetflow.sylvester.SylvesterConfig;
import dev.hetflow.sylvester.SylvesterVae;
import dev.hetflow.sylvester.TrainStepResult;
import dev.hetflow.sylvester.train.BetaSchedule;
import dev.hetflow.sylvester.vae.ChannelLayout;
import dev.hetflow.trainer.export.ExportedGraphs;
import dev.hetflow.trainer.export.SnfOnnx;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adapter of the sylvester module's VAE: its free energy is the loss, its importance-sampled NLL the evaluation
 * figure (no ODE: the same figure stands in the training-solver column), its exported state
 * ({@code [parameters | Adam m | Adam v | step]}) the snapshot. The VAE draws its noise from its own seeded stream,
 * which a snapshot does not capture: {@code rngSeed} is the configured seed; {@link #sample} draws from that stream
 * too, whatever seed it is given.
 */
final class SnfModel implements GenerativeModel {

    static final String FAMILY = "snf";

    private final SylvesterVae vae;
    private final SampleShape shape;
    private final SnfSpec spec;
    private final long seed;

    SnfModel(SnfSpec spec, SampleShape shape, long seed) {
        this.spec = spec;
        this.shape = shape;
        this.seed = seed;
        ChannelLayout layout = new ChannelLayout(shape.imageChannels(), shape.labelChannels(), shape.height(),
                shape.width());
        SylvesterConfig config = SylvesterConfig.defaults(layout)
                .withFlows(spec.flowType(), spec.flows())
                .withHouseholderReflections(spec.householderReflections())
                .withSizes(spec.latentDim(), spec.convChannels(), spec.hiddenDim())
                .withBetaSchedule(new BetaSchedule(spec.betaStart(), 1.0, spec.betaWarmupSteps()))
                .withSeed(seed);
        this.vae = SylvesterVae.create(config);
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
        return "importance sampling, " + spec.importanceSamples() + " samples";
    }

    @Override
    public StepResult trainStep(Batch batch, double learningRate) {
        batch.requireShape(shape);
        TrainStepResult r = vae.trainStep(batch.values(), batch.size(), learningRate);
        return new StepResult(r.loss(), r.bitsPerDim(), Map.of("reconstruction", r.reconstruction(), "kl", r.kl(),
                "beta", r.beta(), "free_energy", r.freeEnergy()), 0, r.applied());
    }

    @Override
    public dev.hetflow.trainer.model.Evaluation evaluate(Batch batch) {
        batch.requireShape(shape);
        try (INDArray x = Nd4j.createFromArray(batch.values()).reshape('c', batch.size(), shape.channels(),
                shape.height(), shape.width())) {
            Evaluation e = vae.evaluate(x, spec.importanceSamples());
            return new dev.hetflow.trainer.model.Evaluation(e.nllBitsPerDim(), e.nllBitsPerDim(), 0);
        }
    }

    @Override
    public float[][] sample(int n, long ignored) {
        try (INDArray x = vae.sample(n, SampleMode.MEAN)) {
            return Rows.split(x);
        }
    }

    /** The flowed posterior mean of each sample ({@code latentDim} values). */
    @Override
    public float[][] encode(float[][] samples) {
        try (INDArray flat = Rows.of(samples);
             INDArray x = flat.reshape('c', samples.length, shape.channels(), shape.height(), shape.width());
             INDArray z = vae.encode(x)) {
            return Rows.split(z);
        }
    }

    /** The decoder's likelihood means. */
    @Override
    public float[][] decode(float[][] latents) {
        try (INDArray z = Rows.of(latents); INDArray x = vae.decoderMean(z)) {
            return Rows.split(x);
        }
    }

    @Override
    public ExportedGraphs export(Map<String, String> metadata) {
        return SnfOnnx.graphs(vae, shape, metadata);
    }

    /** The VAE (tests compare it with the exported graphs). */
    SylvesterVae vae() {
        return vae;
    }

    @Override
    public ModelSnapshot snapshot() {
        return new ModelSnapshot(FAMILY, vae.exportState(), vae.step(), seed);
    }

    @Override
    public void restore(ModelSnapshot snapshot) {
        if (!FAMILY.equals(snapshot.kind())) {
            throw new IllegalArgumentException("cannot restore a " + snapshot.kind() + " snapshot into snf");
        }
        vae.importState(snapshot.state());
    }

    @Override
    public long step() {
        return vae.step();
    }

    @Override
    public void close() {
        // the training step's buffers are freed here; the VAE's SameDiff arrays are owned by its graph
        vae.close();
    }
}
