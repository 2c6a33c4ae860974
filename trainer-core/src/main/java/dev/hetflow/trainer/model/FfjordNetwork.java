package dev.hetflow.trainer.model;

import dev.hetflow.ffjord.cnf.Cnf;
import dev.hetflow.ffjord.cnf.CnfBlocks;
import dev.hetflow.ffjord.cnf.CnfConfig;
import dev.hetflow.ffjord.cnf.Regularization;
import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.cnf.GradientMode;
import dev.hetflow.ffjord.cnf.SequentialFlow;
import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.ConvSpec;
import dev.hetflow.ffjord.dynamics.Dynamics;
import dev.hetflow.ffjord.dynamics.LabelCode;
import dev.hetflow.ffjord.dynamics.MlpDynamics;
import dev.hetflow.ffjord.dynamics.ImageChannelDynamics;
import dev.hetflow.ffjord.dynamics.LabelMeanDynamics;
import dev.hetflow.ffjord.dynamics.MlpSpec;
import dev.hetflow.ffjord.image.ClassExpansion;
import dev.hetflow.ffjord.image.ImageFlow;
import dev.hetflow.ffjord.image.ImageLayout;
import dev.hetflow.ffjord.image.ImageModelSpec;
import dev.hetflow.ffjord.image.PairCellExpansion;
import dev.hetflow.ffjord.image.PairExpansion;
import dev.hetflow.ffjord.params.ParameterStore;
import dev.hetflow.ffjord.solver.SolverConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The ND4J objects of one FFJORD model: two flows over one flat parameter store. {@code flow} trains with the spec's
 * training solver and evaluates with its evaluation solver; {@code fixedGrid} evaluates, samples and encodes with the
 * training solver's fixed grid, as the exported ONNX graphs do. Parameters are initialized from {@code initSeed};
 * Hutchinson probes come from {@code probeSeed}, so that a restore can restart the random stream where a snapshot says.
 *
 * @param blocks every CNF block of {@code flow}, behind factor-outs too (for NFE)
 */
record FfjordNetwork(SequentialFlow flow, SequentialFlow fixedGrid, List<Cnf> blocks, ParameterStore store) {

    /** MLP dynamics on the flattened sample. */
    static FfjordNetwork mlp(FfjordMlpSpec s, SampleShape shape, long initSeed, long probeSeed) {
        return build(config -> {
            ParameterStore.Builder builder = ParameterStore.builder();
            List<FlowLayer> blocks = new ArrayList<>();
            for (int i = 0; i < s.blocks(); i++) {
                MlpDynamics net = new MlpDynamics(new MlpSpec(shape.dimensions(), s.hidden(), s.conditioning(),
                        s.activation()), builder, "block" + i + ".net");
                blocks.add(new Cnf(net, config, probeSeed + 7919L * i));
            }
            return new Built(new SequentialFlow(blocks), builder);
        }, s.trainDivergence(), s.evalDivergence(), s.trainSolver(), s.evalSolver(), s.time(), initSeed);
    }

    /** The multiscale conv model of the ffjord module (the paper's image architecture). */
    static FfjordNetwork conv(FfjordConvSpec s, SampleShape shape, long initSeed, long probeSeed) {
        // ImageLayout's label levels only enter the ffjord module's own bits/dim, which the trainer does not use
        ImageLayout layout = new ImageLayout(shape.imageChannels(), shape.labelChannels(), shape.height(),
                shape.width(), 256);
        return build(config -> {
            ParameterStore.Builder builder = ParameterStore.builder();
            SequentialFlow flow = ImageFlow.build(new ImageModelSpec(layout, s.scales(), s.hidden(), s.activation(),
                    s.alpha(), config), builder, probeSeed);
            return new Built(flow, builder);
        }, DivergenceMode.HUTCHINSON_RADEMACHER, DivergenceMode.HUTCHINSON_RADEMACHER, s.trainSolver(),
                s.evalSolver(), s.time(), initSeed);
    }

    /**
     * PIV pairs at full resolution, no logit (see {@link FfjordPivSpec}): first the closed-form pair expansion, then
     * {@code blocks} CNF blocks of the free conv net with the label-mean term.
     */
    static FfjordNetwork piv(FfjordPivSpec s, SampleShape shape, long initSeed, long probeSeed) {
        int h = shape.height();
        int w = shape.width();
        return build(config -> {
            ParameterStore.Builder builder = ParameterStore.builder();
            List<FlowLayer> blocks = new ArrayList<>();
            boolean cells = s.labels() == PivLabels.CELLS;
            PairCellExpansion pair = cells ? new PairCellExpansion(h, w, s.labelRangePx(), builder, "pair") : null;
            blocks.add(cells ? pair : new PairExpansion(h, w, s.labelRangePx(), builder, "pair"));
            for (int i = 0; i < s.blocks(); i++) {
                ConvSpec free = new ConvSpec(shape.channels(), h, w, s.hidden(), s.activation());
                String prefix = "block" + i + ".net";
                Dynamics net = cells
                        ? new ImageChannelDynamics(free, shape.labelChannels(), pair.labels().code(), builder, prefix)
                        : new LabelMeanDynamics(free, shape.labelChannels(), builder, prefix);
                blocks.add(new Cnf(net, config, probeSeed + 7919L * (i + 1)));
            }
            return new Built(new SequentialFlow(blocks), builder);
        }, DivergenceMode.HUTCHINSON_RADEMACHER, DivergenceMode.HUTCHINSON_RADEMACHER, s.trainSolver(),
                s.evalSolver(), s.time(), initSeed);
    }

    /**
     * Images with one class plane at full resolution, no logit (see {@link FfjordClassSpec}): the closed-form class
     * expansion and {@code blocks} CNF blocks of the conv net that moves the image channels only, before the expansion
     * on the pixels (conditioned on the class the data's plane names) or after it on the whitened residual
     * (conditioned on the class its latent plane names). The expansion's parameters come first in the store either
     * way; the blocks of the two spaces are named apart ({@code pixels.block<i>}, {@code block<i>}).
     */
    static FfjordNetwork classes(FfjordClassSpec s, SampleShape shape, long initSeed, long probeSeed) {
        int h = shape.height();
        int w = shape.width();
        boolean pixels = s.space() == ClassCnfSpace.PIXELS;
        return build(config -> {
            ParameterStore.Builder builder = ParameterStore.builder();
            ClassExpansion classes = new ClassExpansion(shape.imageChannels(), h, w, s.classes(),
                    s.covarianceFor(shape), builder, "class");
            LabelCode code = pixels ? classes.labels().dataCode() : classes.labels().code();
            List<FlowLayer> cnfs = new ArrayList<>();
            for (int i = 0; i < s.blocks(); i++) {
                ImageChannelDynamics net = new ImageChannelDynamics(new ConvSpec(shape.channels(), h, w, s.hidden(),
                        s.activation()), shape.labelChannels(), code, builder,
                        (pixels ? "pixels.block" : "block") + i + ".net");
                cnfs.add(new Cnf(net, config, probeSeed + 7919L * (i + 1)));
            }
            List<FlowLayer> blocks = new ArrayList<>();
            if (!pixels) {
                blocks.add(classes);
            }
            blocks.addAll(cnfs);
            if (pixels) {
                blocks.add(classes);
            }
            return new Built(new SequentialFlow(blocks), builder);
        }, DivergenceMode.HUTCHINSON_RADEMACHER, DivergenceMode.HUTCHINSON_RADEMACHER, s.trainSolver(),
                s.evalSolver(), s.time(), new Regularization(s.rnode(), s.rnode()), initSeed);
    }

    private record Built(SequentialFlow flow, ParameterStore.Builder builder) {
    }

    private static FfjordNetwork build(Function<CnfConfig, Built> layers, DivergenceMode trainDivergence,
            DivergenceMode evalDivergence, SolverSpec trainSolver, SolverSpec evalSolver, double time,
            long initSeed) {
        return build(layers, trainDivergence, evalDivergence, trainSolver, evalSolver, time, Regularization.NONE,
                initSeed);
    }

    private static FfjordNetwork build(Function<CnfConfig, Built> layers, DivergenceMode trainDivergence,
            DivergenceMode evalDivergence, SolverSpec trainSolver, SolverSpec evalSolver, double time,
            Regularization regularization, long initSeed) {
        SolverConfig train = trainSolver.config();
        Built main = layers.apply(new CnfConfig(time, trainDivergence, train, evalDivergence, evalSolver.config(),
                GradientMode.BACKPROP, regularization));
        // the same layers registered in the same order: the second builder's slots have the first store's layout
        Built fixed = layers.apply(new CnfConfig(time, trainDivergence, train, evalDivergence, train,
                GradientMode.BACKPROP, regularization));
        ParameterStore store = main.builder().build(DataType.FLOAT, initSeed);
        main.flow().bind(store);
        fixed.flow().bind(store);
        return new FfjordNetwork(main.flow(), fixed.flow(), CnfBlocks.of(main.flow()), store);
    }

    /** Right-hand-side evaluations of {@code flow}'s blocks so far (take differences around a step). */
    long evaluations() {
        return CnfBlocks.evaluations(blocks);
    }

    /** Builds a network from the probe seed a restore restarts at. */
    interface Factory extends java.util.function.LongFunction<FfjordNetwork> {
    }
}
