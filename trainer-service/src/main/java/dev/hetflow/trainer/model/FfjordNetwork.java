package dev.hetflow.trainer.model;

import dev.hetflow.ffjord.cnf.Cnf;
import dev.hetflow.ffjord.cnf.CnfConfig;
import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.cnf.GradientMode;
import dev.hetflow.ffjord.cnf.SequentialFlow;
import dev.hetflow.ffjord.dynamics.MlpDynamics;
import dev.hetflow.ffjord.dynamics.MlpSpec;
import dev.hetflow.ffjord.params.ParameterStore;
import dev.hetflow.ffjord.solver.SolverConfig;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The ND4J objects of one FFJORD model: its CNF blocks (parameter prefix {@code block<i>.net}), their sequential flow
 * and the flat parameter store. Parameters are initialized from {@code initSeed}; the blocks' Hutchinson probes come
 * from {@code probeSeed}, so that a restore can restart the random stream where a snapshot says.
 */
record FfjordNetwork(SequentialFlow flow, List<Cnf> blocks, List<MlpDynamics> nets, ParameterStore store) {

    static FfjordNetwork build(FfjordSettings settings, int dim, long initSeed, long probeSeed) {
        ParameterStore.Builder builder = ParameterStore.builder();
        List<Cnf> blocks = new ArrayList<>();
        List<MlpDynamics> nets = new ArrayList<>();
        SolverConfig rk4 = SolverConfig.rk4(settings.steps());
        CnfConfig config = new CnfConfig(settings.time(), settings.trainDivergence(), rk4, settings.evalDivergence(),
                rk4, GradientMode.BACKPROP);
        for (int i = 0; i < settings.blocks(); i++) {
            MlpDynamics net = new MlpDynamics(new MlpSpec(dim, settings.hidden(), settings.conditioning(),
                    settings.activation()), builder, "block" + i + ".net");
            nets.add(net);
            blocks.add(new Cnf(net, config, probeSeed + 7919L * i));
        }
        ParameterStore store = builder.build(DataType.FLOAT, initSeed);
        SequentialFlow flow = new SequentialFlow(new ArrayList<FlowLayer>(blocks));
        flow.bind(store);
        return new FfjordNetwork(flow, List.copyOf(blocks), List.copyOf(nets), store);
    }

    /** NFE of the blocks' last solves. */
    long lastEvaluations() {
        long n = 0;
        for (Cnf c : blocks) {
            n += c.lastStats() == null ? 0 : c.lastStats().evaluations();
        }
        return n;
    }
}
