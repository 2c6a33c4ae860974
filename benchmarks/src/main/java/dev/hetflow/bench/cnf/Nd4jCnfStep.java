package dev.hetflow.bench.cnf;

import dev.hetflow.ffjord.cnf.Cnf;
import dev.hetflow.ffjord.cnf.CnfConfig;
import dev.hetflow.ffjord.cnf.GradientMode;
import dev.hetflow.ffjord.cnf.SequentialFlow;
import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.dynamics.MlpDynamics;
import dev.hetflow.ffjord.dynamics.MlpSpec;
import dev.hetflow.ffjord.dynamics.TimeConditioning;
import dev.hetflow.ffjord.params.ParameterStore;
import dev.hetflow.ffjord.solver.SolverConfig;
import dev.hetflow.ffjord.train.DensityTrainer;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The CNF training iteration on hetflow's ND4J implementation (the ffjord module, as a user would call it). */
public final class Nd4jCnfStep implements TrainingStep {

    private final CnfShape shape;
    private final DensityTrainer trainer;

    public Nd4jCnfStep(CnfShape shape) {
        this.shape = shape;
        ParameterStore.Builder b = ParameterStore.builder();
        MlpDynamics f = new MlpDynamics(new MlpSpec(shape.dim(),
                Collections.nCopies(shape.depth(), shape.hidden()), TimeConditioning.CONCATSQUASH, Activation.TANH),
                b, "cnf0");
        ParameterStore store = b.build(DataType.FLOAT, 1);
        SolverConfig rk4 = SolverConfig.rk4(shape.steps());
        SequentialFlow flow = new SequentialFlow(List.of(new Cnf(f, new CnfConfig(shape.time(),
                DivergenceMode.HUTCHINSON_RADEMACHER, rk4, DivergenceMode.HUTCHINSON_RADEMACHER, rk4,
                GradientMode.BACKPROP), 1)));
        flow.bind(store);
        trainer = new DensityTrainer(flow, store, 1e-3);
    }

    @Override
    public double run() {
        return trainer.step(Nd4j.randn(DataType.FLOAT, shape.batch(), shape.dim()));
    }

    @Override
    public void close() {
    }
}
