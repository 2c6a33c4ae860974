package dev.hetflow.ffjord.cnf;

import dev.hetflow.ffjord.dynamics.Dynamics;
import dev.hetflow.ffjord.dynamics.Rows;
import dev.hetflow.ffjord.params.ParameterInit;
import dev.hetflow.ffjord.params.ParameterSlot;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** f(t, z) = A z, whose flow e^{At} and log-density are known in closed form. */
final class LinearDynamics implements Dynamics {

    private final int dim;
    private final ParameterSlot slot;
    private ParameterStore store;

    LinearDynamics(int dim, ParameterStore.Builder params) {
        this.dim = dim;
        this.slot = params.add("A", ParameterInit.zeros(), dim, dim);
    }

    ParameterSlot slot() {
        return slot;
    }

    @Override
    public void bind(ParameterStore store) {
        this.store = store;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public Tape newTape(int batch, int tangents) {
        int rows = (1 + tangents) * batch;
        INDArray in = Nd4j.create(store.dataType(), rows, dim);
        INDArray out = Nd4j.create(store.dataType(), rows, dim);
        INDArray g = Nd4j.create(store.dataType(), rows, dim);
        INDArray gz = Nd4j.create(store.dataType(), batch, dim);
        return new Tape() {
            public int batch() {
                return batch;
            }

            public int tangents() {
                return tangents;
            }

            public INDArray input() {
                return in;
            }

            public INDArray output() {
                return out;
            }

            public INDArray gradOutput() {
                return g;
            }

            INDArray gradInput() {
                return gz;
            }
        };
    }

    @Override
    public INDArray forward(double t, Tape tape) {
        // rows are z^T: out = in A^T for states and tangents alike (J = A)
        Nd4j.gemm(tape.input(), store.value(slot), tape.output(), false, true, 1.0, 0.0);
        return tape.output();
    }

    @Override
    public INDArray backward(Tape tape, double paramScale) {
        Nd4j.gemm(tape.gradOutput(), tape.input(), store.gradient(slot), true, false, paramScale, 1.0);
        INDArray gz = Nd4j.create(store.dataType(), tape.batch(), dim);
        Nd4j.gemm(Rows.block(tape.gradOutput(), 0, tape.batch()), store.value(slot), gz, false, false, 1.0, 0.0);
        return gz;
    }

    @Override
    public <R> R accept(dev.hetflow.ffjord.dynamics.DynamicsVisitor<R> visitor) {
        throw new UnsupportedOperationException("the test's linear dynamics have no export");
    }
}
