package dev.hetflow.experiments.training;

import dev.hetflow.experiments.Preset;
import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.dynamics.TimeConditioning;
import dev.hetflow.sylvester.flows.FlowType;
import dev.hetflow.trainer.model.ConvFfjordSettings;
import dev.hetflow.trainer.model.FfjordModel;
import dev.hetflow.trainer.model.FfjordSettings;
import dev.hetflow.trainer.model.SampleShape;
import dev.hetflow.trainer.model.SnfModel;
import dev.hetflow.trainer.model.SnfSettings;
import dev.hetflow.trainer.model.TrainableModel;

/**
 * The models of the experiments, as the trainer service builds them from a job spec: FFJORD (an MLP CNF block, or the
 * paper's multiscale conv model at the paper preset) and the H-SNF VAE whose KL weight rises from 0.01 to 1 over the
 * whole run.
 */
final class ModelBuilder {

    private ModelBuilder() {
    }

    static TrainableModel build(String kind, Preset preset, SampleShape shape, long seed, long totalSteps) {
        if (SnfModel.KIND.equals(kind)) {
            Preset.SnfSizes s = preset.snf();
            SnfSettings settings = new SnfSettings(FlowType.HOUSEHOLDER, s.latent(), s.flows(), s.householder(),
                    s.convChannels(), s.hidden(), 0.01, totalSteps, preset.importanceSamples());
            return new SnfModel(settings, shape, seed, preset.learningRate());
        }
        if (preset.convScales() > 0) {
            ConvFfjordSettings conv = new ConvFfjordSettings(preset.convScales(), preset.ffjordHidden(),
                    Activation.SOFTPLUS, preset.ffjordSteps(), 1.0, 0.05);
            return new FfjordModel(conv, shape, seed, preset.learningRate());
        }
        FfjordSettings mlp = new FfjordSettings(preset.ffjordHidden(), 1, preset.ffjordSteps(), 1.0,
                TimeConditioning.CONCATSQUASH, Activation.TANH, DivergenceMode.HUTCHINSON_RADEMACHER,
                DivergenceMode.HUTCHINSON_RADEMACHER);
        return new FfjordModel(mlp, shape, seed, preset.learningRate());
    }
}
