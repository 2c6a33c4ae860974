package dev.hetflow.ffjord.cnf;

import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.divergence.Probes;
import dev.hetflow.ffjord.dynamics.Dynamics;
import dev.hetflow.ffjord.dynamics.Rows;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The CNF's augmented right-hand side (FFJORD eq. 4 with the estimator of eq. 7): d z/dt = f(t, z) and
 * d logdet/dt = tr(df/dz) estimated as sum_k v_k^T (df/dz) v_k. The probes v_k are drawn once per solve
 * ({@link #beginSolve}) and kept fixed through it, as the estimator's unbiasedness over a whole trajectory requires.
 * Counts right-hand-side evaluations (NFE).
 */
final class OdeFunction {

    private final Dynamics dynamics;
    private final SplittableRandom rng;
    private long evaluations;
    private int batch;
    private int tangents;
    private INDArray probes;
    private INDArray product;
    private INDArray onesDim;

    OdeFunction(Dynamics dynamics, long seed) {
        this.dynamics = dynamics;
        this.rng = new SplittableRandom(seed);
    }

    Dynamics dynamics() {
        return dynamics;
    }

    /** Starts a solve over {@code batch} states; {@code mode == null} skips the divergence (plain sampling). */
    void beginSolve(int batch, DivergenceMode mode, DataType type) {
        this.batch = batch;
        this.tangents = mode == null ? 0 : mode.probeCount(dynamics.dim());
        if (mode == null) {
            probes = null;
            product = null;
        } else {
            probes = Probes.draw(mode, batch, dynamics.dim(), type, rng);
            product = Nd4j.create(type, (long) tangents * batch, dynamics.dim());
            if (onesDim == null || onesDim.dataType() != type) {
                onesDim = Nd4j.ones(type, dynamics.dim(), 1);
            }
        }
    }

    int batch() {
        return batch;
    }

    boolean withDivergence() {
        return tangents > 0;
    }

    Dynamics.Tape newTape() {
        return dynamics.newTape(batch, tangents);
    }

    /**
     * dz = f(t, z); dlogdet = divergence estimate ([B, 1]) when this solve has probes and dlogdet is not null (the
     * tangents are still propagated then, for a later {@link #backward}).
     */
    void evaluate(double t, INDArray z, Dynamics.Tape tape, INDArray dz, INDArray dlogdet) {
        checkTape(tape);
        INDArray input = tape.input();
        Rows.block(input, 0, batch).assign(z);
        if (tangents > 0) {
            Rows.slice(input, batch, (long) (1 + tangents) * batch).assign(probes);
        }
        INDArray out = dynamics.forward(t, tape);
        evaluations++;
        dz.assign(Rows.block(out, 0, batch));
        if (tangents > 0 && dlogdet != null) {
            // v_k^T (J v_k) per row: elementwise product, then a row sum as a product with a ones column
            Rows.slice(out, batch, (long) (1 + tangents) * batch).mul(probes, product);
            for (int k = 0; k < tangents; k++) {
                Nd4j.gemm(Rows.block(product, k, batch), onesDim, dlogdet, false, false, 1.0, k == 0 ? 0.0 : 1.0);
            }
        }
    }

    /**
     * Reverse pass of the last {@link #evaluate} on this tape: given dL/df ({@code [B, D]}) and dL/d(divergence)
     * ({@code [B, 1]}), adds {@code scale * dL/dtheta} to the gradients and returns dL/dz (owned by the tape).
     */
    INDArray backward(Dynamics.Tape tape, INDArray gradF, INDArray gradDiv, double scale) {
        checkTape(tape);
        INDArray g = tape.gradOutput();
        Rows.block(g, 0, batch).assign(gradF);
        if (tangents > 0) {
            // d(v^T u)/du = v, scaled per row by dL/d(divergence)
            INDArray perRow = gradDiv.reshape(batch);
            for (int k = 1; k <= tangents; k++) {
                Nd4j.exec(new BroadcastMulOp(Rows.block(probes, k - 1, batch), perRow, Rows.block(g, k, batch), 0));
            }
        }
        return dynamics.backward(tape, scale);
    }

    private void checkTape(Dynamics.Tape tape) {
        if (tape.batch() != batch || tape.tangents() != tangents) {
            throw new IllegalStateException("tape made for batch " + tape.batch() + " with " + tape.tangents()
                    + " probes, solve has batch " + batch + " with " + tangents);
        }
    }

    /** Right-hand-side evaluations since construction. */
    long evaluations() {
        return evaluations;
    }
}
