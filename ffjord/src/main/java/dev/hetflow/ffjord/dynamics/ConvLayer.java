package dev.hetflow.ffjord.dynamics;

import dev.hetflow.ffjord.kernel.BoundOp;
import dev.hetflow.ffjord.kernel.Vectors;
import dev.hetflow.ffjord.params.ParameterInit;
import dev.hetflow.ffjord.params.ParameterSlot;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.any.Assign;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One ConcatConv2d layer (3x3, stride 1, padding 1) of a {@link ConvDynamics} on the {@link PaddedGrid} layout:
 * a = sum_tap shift_tap(x) W_tap + (t conv3x3(1; K) + b on the primal rows). Holds what all tapes share (evaluations
 * run one at a time): the weights regrouped per tap, the time/bias shift image, and the gradient scratch. Each tape
 * binds its own GEMMs through {@link Bound}.
 *
 * <p>Parameters (flat layout unchanged): {@code weight [out, in, 3, 3]}, {@code time_weight [out, 1, 3, 3]},
 * {@code bias [out]}.
 */
final class ConvLayer {

    final int in;
    final int out;
    private final ParameterSlot weight;
    private final ParameterSlot timeWeight;
    private final ParameterSlot bias;
    private PaddedGrid grid;
    // W regrouped as [9 in, out]: rows [tap in, (tap + 1) in) hold W[:, :, dy, dx]^T
    private INDArray taps;
    private INDArray tapGrads;
    private INDArray timeMap;
    private INDArray shift;
    private INDArray shiftRow;
    private INDArray colSum;
    private BoundOp copyWeights;
    private BoundOp timeMapOp;
    private BoundOp addBias;
    private BoundOp biasGrad;
    private BoundOp timeGrad;
    private BoundOp addWeightGrad;
    private INDArray onesPixels;

    ConvLayer(ParameterStore.Builder params, String prefix, int in, int out) {
        this.in = in;
        this.out = out;
        ParameterInit init = ParameterInit.fanIn(9L * (in + 1));
        weight = params.add(prefix + ".weight", init, out, in, 3, 3);
        timeWeight = params.add(prefix + ".time_weight", init, out, 1, 3, 3);
        bias = params.add(prefix + ".bias", init, out);
    }

    void bind(ParameterStore store, PaddedGrid grid, INDArray onesTaps) {
        this.grid = grid;
        DataType type = store.dataType();
        long p = grid.pixels;
        taps = Nd4j.create(type, PaddedGrid.TAPS * (long) in, out);
        tapGrads = Nd4j.create(type, PaddedGrid.TAPS * (long) in, out);
        // [tap, in, out] = W[out, in, tap]
        copyWeights = BoundOp.legacy(new Assign(perTap(store.value(weight)), Views.reshape(taps,
                PaddedGrid.TAPS, in, out)));
        INDArray gradTapView = perTap(store.gradient(weight));
        addWeightGrad = BoundOp.add(gradTapView, Views.reshape(tapGrads, PaddedGrid.TAPS, in, out), gradTapView);
        INDArray kernel = Views.reshape(store.value(timeWeight), out, PaddedGrid.TAPS);
        timeMap = Nd4j.create(type, p, out);
        shift = Nd4j.create(type, p, out);
        shiftRow = Views.reshape(shift, 1, p * out);
        timeMapOp = BoundOp.matmul(onesTaps, kernel, timeMap, false, true, 1.0, 0.0);
        addBias = BoundOp.add(shift, Views.reshape(store.value(bias), 1, out), shift);
        colSum = Nd4j.create(type, 1, p * out);
        INDArray colSumPixels = Views.reshape(colSum, p, out);
        onesPixels = Nd4j.ones(type, 1, p);
        biasGrad = BoundOp.matmul(onesPixels, colSumPixels, Views.reshape(store.gradient(bias), 1, out), false,
                false, 1.0, 1.0);
        timeGrad = BoundOp.matmul(colSumPixels, onesTaps,
                Views.reshape(store.gradient(timeWeight), out, PaddedGrid.TAPS), true, false, 1.0, 1.0);
    }

    /** A [out, in, 3, 3] parameter (or its gradient) seen as [9, in, out]. */
    private INDArray perTap(INDArray w) {
        return Views.reshape(w, out, in, PaddedGrid.TAPS).permute(2, 1, 0);
    }

    /** Once per forward, before the tapes' GEMMs: regroups W and makes the shift image t conv3x3(1; K) + b. */
    void prepare(double t) {
        copyWeights.run();
        timeMapOp.run();
        Vectors.scaledCopy(t, timeMap, shift);
        addBias.run();
    }

    /** Ops bound to one tape's arrays: x [R, P in] (zero border), a and ga [R, P out]. */
    final class Bound {
        private final BoundOp[] forward = new BoundOp[PaddedGrid.TAPS];
        private final BoundOp[] weightGrad = new BoundOp[PaddedGrid.TAPS];
        private final BoundOp[] inputGrad;
        private final BoundOp addShift;
        private final BoundOp columnSum;

        /**
         * gx: where dL/dx goes (same layout as x) or null when not needed; gradRows: how many leading rows of gx
         * are wanted (the primal block for the net's input, whose tangent inputs are constants).
         */
        Bound(INDArray x, INDArray a, INDArray ga, INDArray gx, int batch, long gradRows) {
            long rows = x.rows();
            INDArray xp = grid.pixelRows(x, in);
            INDArray ap = grid.pixelRows(a, out);
            INDArray gap = grid.pixelRows(ga, out);
            for (int tap = 0; tap < PaddedGrid.TAPS; tap++) {
                INDArray w = Rows.slice(taps, (long) tap * in, (long) (tap + 1) * in);
                INDArray gw = Rows.slice(tapGrads, (long) tap * in, (long) (tap + 1) * in);
                long from = from(tap);
                long count = count(tap, rows);
                INDArray xs = Rows.slice(xp, from + grid.shift(tap), from + grid.shift(tap) + count);
                INDArray as = Rows.slice(ap, from, from + count);
                INDArray gas = Rows.slice(gap, from, from + count);
                // the centre tap runs first and overwrites every row; the others accumulate
                double beta = tap == PaddedGrid.CENTRE ? 0.0 : 1.0;
                forward[tap] = BoundOp.matmul(xs, w, as, false, false, 1.0, beta);
                weightGrad[tap] = BoundOp.matmul(xs, gas, gw, true, false, 1.0, 0.0);
            }
            if (gx == null) {
                inputGrad = null;
            } else {
                inputGrad = new BoundOp[PaddedGrid.TAPS];
                INDArray gxp = grid.pixelRows(gx, in);
                for (int tap = 0; tap < PaddedGrid.TAPS; tap++) {
                    INDArray w = Rows.slice(taps, (long) tap * in, (long) (tap + 1) * in);
                    long from = from(tap);
                    long count = count(tap, gradRows);
                    INDArray gas = Rows.slice(gap, from, from + count);
                    INDArray gxs = Rows.slice(gxp, from + grid.shift(tap), from + grid.shift(tap) + count);
                    double beta = tap == PaddedGrid.CENTRE ? 0.0 : 1.0;
                    inputGrad[tap] = BoundOp.matmul(gas, w, gxs, false, true, 1.0, beta);
                }
            }
            INDArray aPrimal = Rows.block(a, 0, batch);
            addShift = BoundOp.add(aPrimal, shiftRow, aPrimal);
            INDArray onesPrimal = Nd4j.ones(a.dataType(), 1, batch);
            columnSum = BoundOp.matmul(onesPrimal, Rows.block(ga, 0, batch), colSum, false, false, 1.0, 0.0);
        }

        private long from(int tap) {
            return tap == PaddedGrid.CENTRE ? 0 : grid.margin();
        }

        private long count(int tap, long rows) {
            long all = rows * grid.pixels;
            return tap == PaddedGrid.CENTRE ? all : all - 2 * grid.margin();
        }

        /** a = conv(x) + shift (primal rows); {@link #prepare} ran for this forward. */
        void forward() {
            forward[PaddedGrid.CENTRE].run();
            for (int tap = 0; tap < PaddedGrid.TAPS; tap++) {
                if (tap != PaddedGrid.CENTRE) {
                    forward[tap].run();
                }
            }
            addShift.run();
        }

        /**
         * From ga = dL/da (zero on border pixels): adds paramScale dL/dtheta into the store's gradients and, when
         * bound, writes dL/dx (garbage on border pixels; every consumer masks or crops them).
         */
        void backward(double t, double paramScale) {
            columnSum.run();
            biasGrad.run(paramScale);
            if (t != 0) {
                timeGrad.run(paramScale * t);
            }
            for (BoundOp op : weightGrad) {
                op.run(paramScale);
            }
            addWeightGrad.run();
            if (inputGrad != null) {
                inputGrad[PaddedGrid.CENTRE].run();
                for (int tap = 0; tap < PaddedGrid.TAPS; tap++) {
                    if (tap != PaddedGrid.CENTRE) {
                        inputGrad[tap].run();
                    }
                }
            }
        }
    }
}
