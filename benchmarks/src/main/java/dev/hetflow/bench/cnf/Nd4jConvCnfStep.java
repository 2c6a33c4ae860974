package dev.hetflow.bench.cnf;

import dev.hetflow.ffjord.cnf.Cnf;
import dev.hetflow.ffjord.cnf.CnfConfig;
import dev.hetflow.ffjord.cnf.GradientMode;
import dev.hetflow.ffjord.cnf.SequentialFlow;
import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.dynamics.ConvDynamics;
import dev.hetflow.ffjord.dynamics.ConvSpec;
import dev.hetflow.ffjord.params.ParameterStore;
import dev.hetflow.ffjord.solver.SolverConfig;
import dev.hetflow.ffjord.train.DensityTrainer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training iteration of a conv CNF block (FFJORD's image dynamics: 3x3 ConcatConv2d, hidden 64-64-64, softplus)
 * on a batch of {@code batch} PIV-shaped samples of 4 x 32 x 32 (synthetic smooth fields in (0, 1)), RK4 with
 * {@code steps} steps, Hutchinson divergence, backprop through the solver, Adam.
 */
public final class Nd4jConvCnfStep implements TrainingStep {

    private final DensityTrainer trainer;
    private final INDArray batch;

    public Nd4jConvCnfStep(int batchSize, int steps) {
        ParameterStore.Builder b = ParameterStore.builder();
        ConvDynamics f = new ConvDynamics(new ConvSpec(4, 32, 32, List.of(64, 64, 64), Activation.SOFTPLUS), b,
                "conv");
        ParameterStore store = b.build(DataType.FLOAT, 1);
        SolverConfig rk4 = SolverConfig.rk4(steps);
        SequentialFlow flow = new SequentialFlow(List.of(new Cnf(f, new CnfConfig(1.0,
                DivergenceMode.HUTCHINSON_RADEMACHER, rk4, DivergenceMode.HUTCHINSON_RADEMACHER, rk4,
                GradientMode.BACKPROP), 1)));
        flow.bind(store);
        trainer = new DensityTrainer(flow, store, 1e-3);
        this.batch = Nd4j.createFromArray(ConvCnf.smoothFields(batchSize)).reshape(batchSize, 4 * 32 * 32);
    }

    @Override
    public double run() {
        return trainer.step(batch);
    }

    @Override
    public void close() {
    }
}
