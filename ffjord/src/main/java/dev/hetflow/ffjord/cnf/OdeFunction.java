package dev.hetflow.ffjord.cnf;

import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.divergence.Probes;
import dev.hetflow.ffjord.dynamics.Dynamics;
import dev.hetflow.ffjord.dynamics.Rows;
import dev.hetflow.ffjord.kernel.BoundOp;
import dev.hetflow.ffjord.kernel.Vectors;
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
    private INDArray[] productBlocks;
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
            if (product == null || product.rows() != (long) tangents * batch || product.dataType() != type) {
                product = Nd4j.create(type, (long) tangents * batch, dynamics.dim());
                productBlocks = new INDArray[tangents];
                for (int k = 0; k < tangents; k++) {
                    productBlocks[k] = Rows.block(product, k, batch);
                }
            }
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

    Slot newTape() {
        return new Slot(dynamics.newTape(batch, tangents));
    }

    /** A dynamics tape plus the row-block views this function reads and writes and the ops bound to them. */
    static final class Slot {
        final Dynamics.Tape tape;
        final INDArray inPrimal;
        final INDArray inTangents;
        final INDArray outPrimal;
        final INDArray outTangents;
        final INDArray gradPrimal;
        final INDArray[] gradBlocks;
        final INDArray[] outBlocks;
        /** Per tangent block k: v_k^T (J v_k) per row, [B, 1] each. */
        final INDArray[] quadratic;
        /** dL/d(divergence) of the current backward, [B, 1]. */
        final INDArray gradDivergence;
        final BoundOp probeProduct;
        final BoundOp rowSums;
        final BoundOp[] probeGrad;
        INDArray probes;
        /** Time of the last evaluation on this tape. */
        double time;

        Slot(Dynamics.Tape tape) {
            this.tape = tape;
            int b = tape.batch();
            int k = tape.tangents();
            DataType type = tape.input().dataType();
            inPrimal = Rows.block(tape.input(), 0, b);
            outPrimal = Rows.block(tape.output(), 0, b);
            gradPrimal = Rows.block(tape.gradOutput(), 0, b);
            inTangents = k == 0 ? null : Rows.slice(tape.input(), b, (long) (1 + k) * b);
            outTangents = k == 0 ? null : Rows.slice(tape.output(), b, (long) (1 + k) * b);
            gradBlocks = new INDArray[k];
            outBlocks = new INDArray[k];
            probeGrad = new BoundOp[k];
            gradDivergence = Nd4j.create(type, b, 1);
            for (int j = 0; j < k; j++) {
                gradBlocks[j] = Rows.block(tape.gradOutput(), j + 1, b);
                outBlocks[j] = Rows.block(tape.output(), j + 1, b);
                // d(v^T u)/du = v (the tangent input holds the probes), scaled per row by dL/d(divergence)
                probeGrad[j] = BoundOp.multiply(Rows.block(tape.input(), j + 1, b), gradDivergence, gradBlocks[j]);
            }
            quadratic = new INDArray[k];
            if (k == 0) {
                probeProduct = null;
                rowSums = null;
            } else {
                // v_k^T (J v_k) per row: elementwise product, then a row sum as a product with a ones column
                long dim = tape.input().columns();
                INDArray product = Nd4j.create(type, (long) k * b, dim);
                INDArray sums = Nd4j.create(type, (long) k * b, 1);
                for (int j = 0; j < k; j++) {
                    quadratic[j] = Rows.block(sums, j, b);
                }
                probeProduct = BoundOp.multiply(outTangents, inTangents, product);
                rowSums = BoundOp.matmul(product, Nd4j.ones(type, dim, 1), sums, false, false, 1.0, 0.0);
            }
        }
    }

    /**
     * dz = f(t, z); dlogdet = divergence estimate ([B, 1]) when this solve has probes and dlogdet is not null (the
     * tangents are still propagated then, for a later {@link #backward}).
     */
    void evaluate(double t, INDArray z, Slot slot, INDArray dz, INDArray dlogdet) {
        evaluate(t, z, slot, dz, dlogdet, null, null);
    }

    /**
     * As {@link #evaluate(double, INDArray, Slot, INDArray, INDArray)}, plus the RNODE integrands when their outputs
     * are not null: dkinetic = ||f||^2 and djacobian = sum_k ||J v_k||^2 per row ([B, 1]).
     */
    void evaluate(double t, INDArray z, Slot slot, INDArray dz, INDArray dlogdet, INDArray dkinetic,
            INDArray djacobian) {
        checkTape(slot.tape);
        Vectors.copy(z, slot.inPrimal);
        if (tangents > 0 && slot.probes != probes) {
            // probes are fixed for the solve: copy them into this tape once
            slot.inTangents.assign(probes);
            slot.probes = probes;
        }
        dynamics.forward(t, slot.tape);
        slot.time = t;
        evaluations++;
        Vectors.copy(slot.outPrimal, dz);
        if (tangents > 0 && dlogdet != null) {
            slot.probeProduct.run();
            slot.rowSums.run();
            Vectors.copy(slot.quadratic[0], dlogdet);
            for (int k = 1; k < tangents; k++) {
                Vectors.axpy(1.0, slot.quadratic[k], dlogdet);
            }
            if (dynamics.hasExactDivergence()) {
                dlogdet.addi(dynamics.exactDivergence(t));
            }
        }
        if (dkinetic != null) {
            slot.outPrimal.mul(slot.outPrimal, scratch());
            Nd4j.gemm(scratch, onesDim, dkinetic, false, false, 1.0, 0.0);
        }
        if (djacobian != null) {
            if (tangents == 0) {
                throw new IllegalStateException("the Jacobian penalty needs probes");
            }
            slot.outTangents.mul(slot.outTangents, product);
            for (int k = 0; k < tangents; k++) {
                Nd4j.gemm(productBlocks[k], onesDim, djacobian, false, false, 1.0, k == 0 ? 0.0 : 1.0);
            }
        }
    }

    private INDArray scratch;

    private INDArray scratch() {
        if (scratch == null || scratch.rows() != batch || scratch.dataType() != product.dataType()) {
            scratch = Nd4j.create(product.dataType(), batch, dynamics.dim());
        }
        return scratch;
    }

    /**
     * Reverse pass of the last {@link #evaluate} on this tape: given dL/df ({@code [B, D]}) and dL/d(divergence)
     * ({@code [B, 1]}), adds {@code scale * dL/dtheta} to the gradients and returns dL/dz (owned by the tape).
     */
    INDArray backward(Slot slot, INDArray gradF, INDArray gradDiv, double scale) {
        return backward(slot, gradF, gradDiv, null, null, scale);
    }

    /** As above, plus dL/dkinetic and dL/djacobian ([B, 1], nullable) of the RNODE integrands. */
    INDArray backward(Slot slot, INDArray gradF, INDArray gradDiv, INDArray gradKinetic, INDArray gradJacobian,
            double scale) {
        checkTape(slot.tape);
        Vectors.copy(gradF, slot.gradPrimal);
        if (gradKinetic != null) {
            // d||f||^2/df = 2 f
            Nd4j.exec(new BroadcastMulOp(slot.outPrimal, gradKinetic, scratch(), 0));
            Nd4j.getBlasWrapper().level1().axpy(scratch.length(), 2.0, scratch, slot.gradPrimal);
        }
        if (tangents > 0) {
            Vectors.copy(gradDiv, slot.gradDivergence);
            if (dynamics.hasExactDivergence()) {
                dynamics.backwardExactDivergence(slot.time, gradDiv.sumNumber().doubleValue(), scale);
            }
            for (int k = 0; k < tangents; k++) {
                slot.probeGrad[k].run();
                if (gradJacobian != null) {
                    // d||u||^2/du = 2 u
                    Nd4j.exec(new BroadcastMulOp(slot.outBlocks[k], gradJacobian, productBlocks[k], 0));
                    Nd4j.getBlasWrapper().level1().axpy(productBlocks[k].length(), 2.0, productBlocks[k],
                            slot.gradBlocks[k]);
                }
            }
        }
        return dynamics.backward(slot.tape, scale);
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
