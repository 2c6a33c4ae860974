package dev.hetflow.trainer.model;

import dev.hetflow.sylvester.Evaluation;
import dev.hetflow.sylvester.SylvesterConfig;
import dev.hetflow.sylvester.SylvesterVae;
import dev.hetflow.sylvester.TrainStepResult;
import dev.hetflow.sylvester.train.BetaSchedule;
import dev.hetflow.sylvester.vae.ChannelLayout;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adapter of the sylvester module's VAE: its free energy is the loss, its importance-sampled NLL the evaluation
 * figure, its exported state ({@code [parameters | Adam m | Adam v | step]}) the snapshot. The VAE draws its noise
 * from its own seeded stream, which a snapshot does not capture: {@code rngSeed} is the configured seed.
 */
public final class SnfModel implements TrainableModel {

    public static final String KIND = "snf";

    private final SylvesterVae vae;
    private final SampleShape shape;
    private final SnfSettings settings;
    private final long seed;

    public SnfModel(SnfSettings settings, SampleShape shape, long seed, double learningRate) {
        this.settings = settings;
        this.shape = shape;
        this.seed = seed;
        ChannelLayout layout = new ChannelLayout(shape.imageChannels(), shape.labelChannels(), shape.height(),
                shape.width());
        SylvesterConfig config = SylvesterConfig.defaults(layout)
                .withFlows(settings.flowType(), settings.flows())
                .withHouseholderReflections(settings.householderReflections())
                .withSizes(settings.latentDim(), settings.convChannels(), settings.hiddenDim())
                .withLearningRate(learningRate)
                .withBetaSchedule(new BetaSchedule(settings.betaStart(), 1.0, settings.betaWarmupSteps()))
                .withSeed(seed);
        this.vae = SylvesterVae.create(config);
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
        TrainStepResult r = vae.trainStep(batch.values(), batch.size());
        return new StepResult(r.loss(), r.bitsPerDim(), Map.of("reconstruction", r.reconstruction(), "kl", r.kl(),
                "beta", r.beta(), "free_energy", r.freeEnergy()), 0, r.applied());
    }

    @Override
    public double evaluateBitsPerDim(Batch batch) {
        batch.requireShape(shape);
        try (INDArray x = Nd4j.createFromArray(batch.values()).reshape('c', batch.size(), shape.channels(),
                shape.height(), shape.width())) {
            Evaluation e = vae.evaluate(x, settings.importanceSamples());
            return e.nllBitsPerDim();
        }
    }

    public SylvesterVae vae() {
        return vae;
    }

    @Override
    public ModelSnapshot snapshot() {
        return new ModelSnapshot(KIND, vae.exportState(), vae.step(), vae.learningRate(), seed);
    }

    @Override
    public void restore(ModelSnapshot snapshot) {
        if (!KIND.equals(snapshot.kind())) {
            throw new IllegalArgumentException("cannot restore a " + snapshot.kind() + " snapshot into snf");
        }
        vae.importState(snapshot.state());
        vae.setLearningRate(snapshot.learningRate());
    }

    @Override
    public double learningRate() {
        return vae.learningRate();
    }

    @Override
    public void learningRate(double learningRate) {
        vae.setLearningRate(learningRate);
    }

    @Override
    public long step() {
        return vae.step();
    }

    @Override
    public void close() {
        // the VAE's SameDiff arrays are owned by its graph and released with it
    }
}
