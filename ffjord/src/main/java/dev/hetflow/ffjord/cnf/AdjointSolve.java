package dev.hetflow.ffjord.cnf;

import dev.hetflow.ffjord.dynamics.Dynamics;
import dev.hetflow.ffjord.params.ParameterStore;
import dev.hetflow.ffjord.solver.OdeSolver;
import dev.hetflow.ffjord.solver.SolverConfig;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The adjoint method (Chen et al. 2018, eq. 4-5 and Algorithm 1) for the CNF's augmented state (z, logdet): after a
 * forward solve, integrate backwards from t1 to t0
 * <pre>
 *   dz/dt       =  f(t, z)
 *   da_z/dt     = -a_z^T df/dz     - a_l d tr(df/dz)/dz
 *   da_theta/dt = -a_z^T df/dtheta - a_l d tr(df/dz)/dtheta
 * </pre>
 * with a_z(t1) = dL/dz(t1), a_theta(t1) = 0 and a_l = dL/dlogdet constant (nothing reads logdet). Then
 * a_z(t0) = dL/dz(t0) and a_theta(t0) = dL/dtheta. The same probes as in the forward solve are used. The adaptive
 * solver controls the error of (z, a_z) only.
 */
final class AdjointSolve {

    private final OdeFunction ode;
    private final ParameterStore store;
    private INDArray zEnd;
    private double t0;
    private double t1;
    private SolverConfig config;

    AdjointSolve(OdeFunction ode, ParameterStore store) {
        this.ode = ode;
        this.store = store;
    }

    /** Remembers the end state of a forward solve over [t0, t1] (the caller solved it). */
    void remember(INDArray zAtT1, double t0, double t1, SolverConfig config) {
        this.zEnd = zAtT1.dup();
        this.t0 = t0;
        this.t1 = t1;
        this.config = config;
    }

    INDArray backward(INDArray gradZ, INDArray gradLogdet) {
        if (zEnd == null) {
            throw new IllegalStateException("adjoint backward without a TRAIN forward pass");
        }
        INDArray saved = store.gradients().dup();
        INDArray grads = store.gradients().reshape(1, store.size());
        INDArray[] y = {zEnd, gradZ.dup(), org.nd4j.linalg.factory.Nd4j.zeros(grads.dataType(), 1, store.size())};
        OdeFunction.Slot tape = ode.newTape();
        OdeSolver.solve((t, state, d) -> {
            ode.evaluate(t, state[0], tape, d[0], null);
            store.zeroGradients();
            INDArray vjp = ode.backward(tape, state[1], gradLogdet, 1.0);
            d[1].assign(vjp).negi();
            d[2].assign(grads).negi();
        }, y, t1, t0, config, 2);
        store.gradients().assign(saved.addi(y[2].reshape(store.size())));
        zEnd = null;
        return y[1];
    }
}
