package dev.hetflow.trainer.model;

import dev.hetflow.ffjord.cnf.Cnf;
import dev.hetflow.ffjord.cnf.CnfConfig;
import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.cnf.GradientMode;
import dev.hetflow.ffjord.cnf.SequentialFlow;
import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.MlpDynamics;
import dev.hetflow.ffjord.dynamics.MlpSpec;
import dev.hetflow.ffjord.image.ImageFlow;
import dev.hetflow.ffjord.image.ImageLayout;
import dev.hetflow.ffjord.image.ImageModelSpec;
import dev.hetflow.ffjord.params.ParameterStore;
import dev.hetflow.ffjord.solver.SolverConfig;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The ND4J objects of one FFJORD model: its flow, the flat parameter store and the CNF blocks reachable through
 * sequential flows (for NFE). Parameters are initialized from {@code initSeed}; Hutchinson probes come from
 * {@code probeSeed}, so that a restore can restart the random stream where a snapshot says.
 */
record FfjordNetwork(SequentialFlow flow, List<Cnf> blocks, ParameterStore store) {

    /** MLP dynamics on the flattened sample, blocks named {@code block<i>.net}. */
    static FfjordNetwork mlp(FfjordSettings settings, int dim, long initSeed, long probeSeed) {
        ParameterStore.Builder builder = ParameterStore.builder();
        List<Cnf> blocks = new ArrayList<>();
        SolverConfig rk4 = SolverConfig.rk4(settings.steps());
        CnfConfig config = new CnfConfig(settings.time(), settings.trainDivergence(), rk4, settings.evalDivergence(),
                rk4, GradientMode.BACKPROP);
        for (int i = 0; i < settings.blocks(); i++) {
            MlpDynamics net = new MlpDynamics(new MlpSpec(dim, settings.hidden(), settings.conditioning(),
                    settings.activation()), builder, "block" + i + ".net");
            blocks.add(new Cnf(net, config, probeSeed + 7919L * i));
        }
        ParameterStore store = builder.build(DataType.FLOAT, initSeed);
        SequentialFlow flow = new SequentialFlow(new ArrayList<FlowLayer>(blocks));
        flow.bind(store);
        return new FfjordNetwork(flow, List.copyOf(blocks), store);
    }

    /** The multiscale conv model of the ffjord module (the paper's image architecture). */
    static FfjordNetwork conv(ConvFfjordSettings s, SampleShape shape, long initSeed, long probeSeed) {
        ParameterStore.Builder builder = ParameterStore.builder();
        SolverConfig rk4 = SolverConfig.rk4(s.steps());
        CnfConfig config = new CnfConfig(s.time(), DivergenceMode.HUTCHINSON_RADEMACHER, rk4,
                DivergenceMode.HUTCHINSON_RADEMACHER, rk4, GradientMode.BACKPROP);
        // ImageLayout's label levels only enter the ffjord module's own bits/dim, which the trainer does not use
        ImageLayout layout = new ImageLayout(shape.imageChannels(), shape.labelChannels(), shape.height(),
                shape.width(), 256);
        SequentialFlow flow = ImageFlow.build(new ImageModelSpec(layout, s.scales(), s.hidden(), s.activation(),
                s.alpha(), config), builder, probeSeed);
        ParameterStore store = builder.build(DataType.FLOAT, initSeed);
        flow.bind(store);
        List<Cnf> blocks = new ArrayList<>();
        collect(flow, blocks);
        return new FfjordNetwork(flow, List.copyOf(blocks), store);
    }

    private static void collect(FlowLayer layer, List<Cnf> into) {
        if (layer instanceof Cnf c) {
            into.add(c);
        } else if (layer instanceof SequentialFlow s) {
            s.layers().forEach(l -> collect(l, into));
        }
    }

    /** NFE of the reachable blocks' last solves (blocks behind a factor-out are not counted). */
    long lastEvaluations() {
        long n = 0;
        for (Cnf c : blocks) {
            n += c.lastStats() == null ? 0 : c.lastStats().evaluations();
        }
        return n;
    }
}
