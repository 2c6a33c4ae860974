package dev.hetflow.ffjord.cnf;

import dev.hetflow.ffjord.dynamics.Dynamics;
import dev.hetflow.ffjord.params.ParameterStore;
import dev.hetflow.ffjord.solver.OdeSolver;
import dev.hetflow.ffjord.solver.SolveStats;
import dev.hetflow.ffjord.solver.SolverConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A continuous normalizing flow block (FFJORD, Grathwohl et al. 2019, eq. 4). With RNODE {@link Regularization} in
 * its config, a TRAIN encode also integrates the kinetic and Jacobian penalties, and backward adds their gradient.
 * Encode solves
 * d[z, logdet]/dt = [f(t, z), tr(df/dz)] from t = 0 to T starting at [x, 0], so z = z(T) and
 * log p(x) = log p(z) + logdet; decode integrates dz/dt = f backwards from T to 0 (reverse time), mapping a latent
 * to data.
 */
public final class Cnf implements FlowLayer {

    private final Dynamics dynamics;
    private final CnfConfig config;
    private final OdeFunction ode;
    private final TapedSolve taped;
    private AdjointSolve adjoint;
    private ParameterStore store;
    private SolveStats lastStats;
    private Pass lastPass;
    private INDArray lastKinetic;
    private INDArray lastJacobian;

    public Cnf(Dynamics dynamics, CnfConfig config, long seed) {
        this.dynamics = dynamics;
        this.config = config;
        this.ode = new OdeFunction(dynamics, seed);
        this.taped = new TapedSolve(ode);
    }

    public CnfConfig config() {
        return config;
    }

    public Dynamics dynamics() {
        return dynamics;
    }

    @Override
    public void bind(ParameterStore store) {
        this.store = store;
        dynamics.bind(store);
        this.adjoint = new AdjointSolve(ode, store);
    }

    @Override
    public INDArray encode(INDArray x, INDArray logdet, Pass pass) {
        checkBatch(x, logdet);
        boolean train = pass == Pass.TRAIN;
        ode.beginSolve((int) x.rows(), train ? config.trainDivergence() : config.evalDivergence(), x.dataType());
        boolean regularize = train && config.regularization().active();
        INDArray[] y = regularize
                ? new INDArray[] {x.dup(), zerosColumn(x), zerosColumn(x), zerosColumn(x)}
                : new INDArray[] {x.dup(), zerosColumn(x)};
        SolverConfig solver = train ? config.trainSolver() : config.evalSolver();
        long before = ode.evaluations();
        lastKinetic = null;
        lastJacobian = null;
        if (train && config.gradient() == GradientMode.BACKPROP) {
            SolverConfig.Fixed fixed = (SolverConfig.Fixed) solver;
            taped.forward(y, 0, config.time(), fixed);
            lastStats = new SolveStats(fixed.steps(), 0, ode.evaluations() - before);
            if (regularize) {
                lastKinetic = y[2];
                lastJacobian = y[3];
            }
        } else {
            OdeFunction.Slot tape = ode.newTape();
            SolveStats s = OdeSolver.solve((t, state, d) -> ode.evaluate(t, state[0], tape, d[0], d[1]), y, 0,
                    config.time(), solver);
            lastStats = new SolveStats(s.acceptedSteps(), s.rejectedSteps(), ode.evaluations() - before);
            if (train) {
                adjoint.remember(y[0], 0, config.time(), solver);
            }
        }
        lastPass = pass;
        logdet.addi(y[1]);
        return y[0];
    }

    @Override
    public INDArray decode(INDArray z) {
        if (z.rank() != 2 || z.columns() != dynamics.dim()) {
            throw new IllegalArgumentException("expected latents [B, " + dynamics.dim() + "], got "
                    + java.util.Arrays.toString(z.shape()));
        }
        ode.beginSolve((int) z.rows(), null, z.dataType());
        INDArray[] y = {z.dup()};
        OdeFunction.Slot tape = ode.newTape();
        long before = ode.evaluations();
        SolveStats s = OdeSolver.solve((t, state, d) -> ode.evaluate(t, state[0], tape, d[0], null), y,
                config.time(), 0, config.evalSolver());
        lastStats = new SolveStats(s.acceptedSteps(), s.rejectedSteps(), ode.evaluations() - before);
        lastPass = null;
        return y[0];
    }

    @Override
    public INDArray backward(INDArray gradZ, INDArray gradLogdet) {
        if (lastPass != Pass.TRAIN) {
            throw new IllegalStateException("backward needs a preceding encode(.., Pass.TRAIN) on this block");
        }
        lastPass = null;
        if (config.gradient() == GradientMode.ADJOINT) {
            return adjoint.backward(gradZ, gradLogdet);
        }
        if (lastKinetic == null) {
            return taped.backward(gradZ, gradLogdet);
        }
        // d(penalty)/dK_b = kinetic weight / B, likewise for the Jacobian integral
        long b = gradZ.rows();
        Regularization r = config.regularization();
        return taped.backward(gradZ, gradLogdet,
                Nd4j.valueArrayOf(new long[] {b, 1}, r.kinetic() / b, gradZ.dataType()),
                Nd4j.valueArrayOf(new long[] {b, 1}, r.jacobian() / b, gradZ.dataType()));
    }

    /**
     * The RNODE penalty kinetic * mean(K) + jacobian * mean(J) of the last TRAIN encode (0 without regularization).
     * It is part of the training objective: {@link #backward} adds its gradient.
     */
    public double lastRegularizationLoss() {
        if (lastKinetic == null) {
            return 0;
        }
        Regularization r = config.regularization();
        return r.kinetic() * lastKinetic.meanNumber().doubleValue()
                + r.jacobian() * lastJacobian.meanNumber().doubleValue();
    }

    private static INDArray zerosColumn(INDArray x) {
        return Nd4j.zeros(x.dataType(), x.rows(), 1);
    }

    /** Steps and evaluations of the last encode or decode. */
    public SolveStats lastStats() {
        return lastStats;
    }

    /** Right-hand-side evaluations (NFE) over this block's lifetime, including adjoint solves. */
    public long evaluations() {
        return ode.evaluations();
    }

    private void checkBatch(INDArray x, INDArray logdet) {
        if (store == null) {
            throw new IllegalStateException("bind(ParameterStore) must be called before using the CNF");
        }
        if (x.rank() != 2 || x.columns() != dynamics.dim()) {
            throw new IllegalArgumentException("expected data [B, " + dynamics.dim() + "], got "
                    + java.util.Arrays.toString(x.shape()));
        }
        if (logdet.rank() != 2 || logdet.rows() != x.rows() || logdet.columns() != 1) {
            throw new IllegalArgumentException("logdet must be [" + x.rows() + ", 1], got "
                    + java.util.Arrays.toString(logdet.shape()));
        }
    }

    @Override
    public <R> R accept(FlowVisitor<R> visitor) {
        return visitor.cnf(this);
    }
}
