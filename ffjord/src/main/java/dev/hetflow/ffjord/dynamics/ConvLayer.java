package dev.hetflow.ffjord.dynamics;

import dev.hetflow.ffjord.kernel.BoundOp;
import dev.hetflow.ffjord.kernel.Vectors;
import dev.hetflow.ffjord.params.ParameterInit;
import dev.hetflow.ffjord.params.ParameterSlot;
import dev.hetflow.ffjord.params.ParameterStore;
import java.util.ArrayList;
import java.util.List;
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
 * <p>Forward runs one GEMM per tap on shifted views. How the backward pass meets the GEMMs depends on the widths
 * ({@link Mode}): wide layers run one GEMM per tap again; a layer with few input channels gathers its input's nine
 * shifts side by side (9 in columns, cheap when in is small) for one weight-gradient GEMM and one input-gradient GEMM
 * whose 9 in columns are then added back shifted; a layer with few output channels does the same with dL/da's
 * shifts. The first and last layers of FFJORD's image nets (4 channels against 64) are the latter two: nine
 * gradient GEMMs with 4 rows or columns ran at a fifth of the wide layers' GFLOP/s, while their forward GEMMs do
 * well (measured with thread CPU time, see the commit). Wide (TAPS) float layers run all three passes as Winograd
 * tiles where {@link WinogradConv#suits} says they can.
 *
 * <p>Parameters (flat layout unchanged): {@code weight [out, in, 3, 3]}, {@code time_weight [out, 1, 3, 3]},
 * {@code bias [out]}.
 */
final class ConvLayer {

    /** How the nine taps are laid onto GEMMs (see the class comment). */
    enum Mode {
        TAPS, GATHER_INPUT, SCATTER_OUTPUT;

        static Mode of(int in, int out) {
            if (9 * in <= out) {
                return GATHER_INPUT;
            }
            return 9 * out <= in ? SCATTER_OUTPUT : TAPS;
        }
    }

    final int in;
    final Mode mode;
    final int out;
    private final ParameterSlot weight;
    private final ParameterSlot timeWeight;
    private final ParameterSlot bias;
    private final boolean winogradAllowed;
    private PaddedGrid grid;
    // TAPS layers where F(4x4, 3x3) suits (WinogradConv.suits), else null
    private WinogradConv winograd;
    // W regrouped as [9 in, out]: rows [tap in, (tap + 1) in) hold W[:, :, dy, dx]^T
    private INDArray taps;
    // SCATTER_OUTPUT only: W regrouped as [in, 9 out], columns [tap out, (tap + 1) out) holding the same
    private INDArray tapsByInput;
    private BoundOp copyWeightsByInput;
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
    private final ShiftCopies.Scratch scratch = new ShiftCopies.Scratch();

    ConvLayer(ParameterStore.Builder params, String prefix, int in, int out) {
        this(params, prefix, in, out, true);
    }

    /** winogradAllowed false: the taps' GEMMs even where {@link WinogradConv} suits (for comparing the two). */
    ConvLayer(ParameterStore.Builder params, String prefix, int in, int out, boolean winogradAllowed) {
        this.winogradAllowed = winogradAllowed;
        this.in = in;
        this.out = out;
        this.mode = Mode.of(in, out);
        ParameterInit init = ParameterInit.fanIn(9L * (in + 1));
        weight = params.add(prefix + ".weight", init, out, in, 3, 3);
        timeWeight = params.add(prefix + ".time_weight", init, out, 1, 3, 3);
        bias = params.add(prefix + ".bias", init, out);
    }

    /** tiles: the tile matrices the net's Winograd layers share (used only where this layer runs as tiles). */
    void bind(ParameterStore store, PaddedGrid grid, INDArray onesTaps, WinogradConv.SharedTiles tiles) {
        this.grid = grid;
        DataType type = store.dataType();
        long p = grid.pixels;
        boolean scatter = mode == Mode.SCATTER_OUTPUT;
        taps = Nd4j.create(type, PaddedGrid.TAPS * (long) in, out);
        // [tap, in, out] = W[out, in, tap]
        copyWeights = BoundOp.legacy(new Assign(regroup(store.value(weight), false),
                Views.reshape(taps, PaddedGrid.TAPS, in, out)));
        if (scatter) {
            // [in, tap, out] = W[out, in, tap]
            tapsByInput = Nd4j.create(type, in, PaddedGrid.TAPS * (long) out);
            copyWeightsByInput = BoundOp.legacy(new Assign(regroup(store.value(weight), true),
                    Views.reshape(tapsByInput, in, PaddedGrid.TAPS, out)));
        }
        tapGrads = scatter ? Nd4j.create(type, in, PaddedGrid.TAPS * (long) out)
                : Nd4j.create(type, PaddedGrid.TAPS * (long) in, out);
        INDArray gradView = regroup(store.gradient(weight), scatter);
        addWeightGrad = BoundOp.add(gradView, Views.reshape(tapGrads, gradView.shape()), gradView);
        winograd = mode == Mode.TAPS && WinogradConv.suits(winogradAllowed, type, grid, in, out)
                ? new WinogradConv(grid, in, out, taps, tapGrads, tiles) : null;
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

    /** Whether this layer's convolutions run as Winograd tiles (where the tapes' arrays fit, see WinogradConv). */
    boolean tiled() {
        return winograd != null;
    }

    /** A [out, in, 3, 3] parameter (or its gradient) seen as [9, in, out], or [in, 9, out] by input. */
    private INDArray regroup(INDArray w, boolean byInput) {
        INDArray v = Views.reshape(w, out, in, PaddedGrid.TAPS);
        return byInput ? v.permute(1, 2, 0) : v.permute(2, 1, 0);
    }

    /** Once per forward, before the tapes' GEMMs: regroups W and makes the shift image t conv3x3(1; K) + b. */
    void prepare(double t) {
        copyWeights.run();
        if (copyWeightsByInput != null) {
            copyWeightsByInput.run();
        }
        if (winograd != null) {
            winograd.prepare();
        }
        timeMapOp.run();
        Vectors.scaledCopy(t, timeMap, shift);
        addBias.run();
    }

    /** Ops bound to one tape's arrays of {@link PaddedGrid#create}: x [R, P in] (zero padding), a and ga [R, P out]. */
    final class Bound {
        private final List<BoundOp> forward = new ArrayList<>();
        private final List<BoundOp> weightGrad = new ArrayList<>();
        private final List<BoundOp> inputGrad = new ArrayList<>();
        private final BoundOp addShift;
        private final BoundOp columnSum;
        // the thin layers' gathers as Java loops on float tapes (ShiftCopies), else null and ND4J ops in the lists
        private Runnable gatherInput;
        private Runnable gatherOutputGrad;
        private Runnable scatterInputGrad;
        private Runnable scatterOutput;
        // the layer's F(4x4, 3x3) for this tape, replacing the taps' GEMMs, or null
        private final WinogradConv.Bound tiles;

        /**
         * gx: where dL/dx goes (same layout as x) or null when not needed; gradRows: how many leading rows of gx
         * are wanted (the primal block for the net's input, whose tangent inputs are constants).
         */
        Bound(INDArray x, INDArray a, INDArray ga, INDArray gx, int batch, long gradRows) {
            long rows = x.rows();
            INDArray xp = grid.pixelRows(x, in);
            INDArray ap = grid.pixelRows(a, out);
            INDArray gap = grid.pixelRows(ga, out);
            INDArray gxp = gx == null ? null : grid.pixelRows(gx, in);
            long all = rows * grid.pixels;
            DataType type = x.dataType();
            boolean javaShifts = ShiftCopies.fits(xp, gap);
            // the tiles read and write the same dense float pixel matrices (margins included) as the Java shifts
            tiles = winograd != null && javaShifts && ShiftCopies.fits(ap) && (gxp == null || ShiftCopies.fits(gxp))
                    ? winograd.new Bound(x, a, ga, gx, (int) rows, (int) gradRows) : null;
            if (mode == Mode.SCATTER_OUTPUT && javaShifts && ShiftCopies.fits(ap)) {
                // float: z = x (W by input), one GEMM with N = 9 out, then a[r] = sum_tap z[r + shift(tap), tap block]
                INDArray z = Nd4j.create(type, all, PaddedGrid.TAPS * (long) out);
                forward.add(BoundOp.matmul(Rows.slice(xp, 0, all), tapsByInput, z, false, false, 1.0, 0.0));
                scatterOutput = ShiftCopies.scatter(z, ap, all, grid, -1, scratch);
            } else if (tiles == null && (mode != Mode.GATHER_INPUT || !javaShifts)) {
                for (int tap : PaddedGrid.centreFirst()) {
                    INDArray w = Rows.slice(taps, (long) tap * in, (long) (tap + 1) * in);
                    // the centre tap runs first and overwrites every row; the others accumulate
                    double beta = tap == PaddedGrid.CENTRE ? 0.0 : 1.0;
                    forward.add(BoundOp.matmul(grid.shifted(xp, tap, rows, 1), w, grid.shifted(ap, tap, rows, 0),
                            false, false, 1.0, beta));
                }
            }
            switch (mode) {
                case TAPS -> {
                    if (tiles == null) {
                        for (int tap : PaddedGrid.centreFirst()) {
                            INDArray w = Rows.slice(taps, (long) tap * in, (long) (tap + 1) * in);
                            INDArray gw = Rows.slice(tapGrads, (long) tap * in, (long) (tap + 1) * in);
                            weightGrad.add(BoundOp.matmul(grid.shifted(xp, tap, rows, 1),
                                    grid.shifted(gap, tap, rows, 0), gw, true, false, 1.0, 0.0));
                            if (gx != null) {
                                double beta = tap == PaddedGrid.CENTRE ? 0.0 : 1.0;
                                // dL/dx[q] = sum_tap ga[q - shift(tap)] W_tap^T
                                inputGrad.add(BoundOp.matmul(grid.shifted(gap, tap, gradRows, -1), w,
                                        grid.shifted(gxp, tap, gradRows, 0), false, true, 1.0, beta));
                            }
                        }
                    }
                }
                case GATHER_INPUT -> {
                    // col[r, tap in + c] = x[r + shift(tap), c]; dL/dtaps = col^T ga
                    INDArray col = Nd4j.create(type, all, PaddedGrid.TAPS * (long) in);
                    if (javaShifts) {
                        // float: the forward gathers col in Java and runs a = col taps as one GEMM (K = 9 in);
                        // the weight gradient reuses that col, which the tape keeps until its next forward
                        gatherInput = ShiftCopies.gather(Rows.slice(xp, 0, all), col, grid, 1, scratch);
                        forward.add(BoundOp.matmul(col, taps, Rows.slice(ap, 0, all), false, false, 1.0, 0.0));
                    } else {
                        weightGrad.addAll(grid.gather(xp, col, rows, 1));
                    }
                    weightGrad.add(BoundOp.matmul(col, Rows.slice(gap, 0, all), tapGrads, true, false, 1.0, 0.0));
                    if (gx != null) {
                        // z = ga taps^T, then dL/dx[q] = sum_tap z[q - shift(tap), tap block]; the shifted reads
                        // go up to margin rows past n, kept zero
                        long n = gradRows * grid.pixels;
                        INDArray z = Nd4j.create(type, n + grid.margin(), PaddedGrid.TAPS * (long) in);
                        inputGrad.add(BoundOp.matmul(Rows.slice(gap, 0, n), taps, Rows.slice(z, 0, n), false, true,
                                1.0, 0.0));
                        if (javaShifts && ShiftCopies.fits(gxp)) {
                            scatterInputGrad = ShiftCopies.scatter(z, gxp, n, grid, 1, scratch);
                        } else {
                            inputGrad.addAll(grid.scatter(z, gxp, gradRows, -1));
                        }
                    }
                }
                case SCATTER_OUTPUT -> {
                    // gcol[r, tap out + o] = ga[r - shift(tap), o]; dL/dW (by input) = x^T gcol; dL/dx = gcol W^T
                    INDArray gcol = Nd4j.create(type, all, PaddedGrid.TAPS * (long) out);
                    if (javaShifts) {
                        gatherOutputGrad = ShiftCopies.gather(Rows.slice(gap, 0, all), gcol, grid, -1, scratch);
                    } else {
                        weightGrad.addAll(grid.gather(gap, gcol, rows, -1));
                    }
                    weightGrad.add(BoundOp.matmul(Rows.slice(xp, 0, all), gcol, tapGrads, true, false, 1.0, 0.0));
                    if (gx != null) {
                        long n = gradRows * grid.pixels;
                        inputGrad.add(BoundOp.matmul(Rows.slice(gcol, 0, n), tapsByInput, Rows.slice(gxp, 0, n),
                                false, true, 1.0, 0.0));
                    }
                }
                default -> throw new IllegalStateException("unknown mode " + mode);
            }
            INDArray aPrimal = Rows.block(a, 0, batch);
            addShift = BoundOp.add(aPrimal, shiftRow, aPrimal);
            INDArray onesPrimal = Nd4j.ones(type, 1, batch);
            columnSum = BoundOp.matmul(onesPrimal, Rows.block(ga, 0, batch), colSum, false, false, 1.0, 0.0);
        }

        /** a = conv(x) + shift (primal rows); {@link #prepare} ran for this forward. */
        void forward() {
            if (gatherInput != null) {
                gatherInput.run();
            }
            if (tiles != null) {
                tiles.forward();
            }
            for (BoundOp op : forward) {
                op.run();
            }
            if (scatterOutput != null) {
                scatterOutput.run();
            }
            addShift.run();
        }

        /**
         * From ga = dL/da (zero on padding pixels): adds paramScale dL/dtheta into the store's gradients and, when
         * bound, writes dL/dx (garbage on padding pixels; every consumer masks or crops them).
         */
        void backward(double t, double paramScale) {
            columnSum.run();
            biasGrad.run(paramScale);
            if (t != 0) {
                timeGrad.run(paramScale * t);
            }
            if (gatherOutputGrad != null) {
                gatherOutputGrad.run();
            }
            for (BoundOp op : weightGrad) {
                if (op.isMatmul()) {
                    op.run(paramScale);
                } else {
                    op.run();
                }
            }
            if (tiles != null) {
                tiles.weightGradient(paramScale);
            }
            addWeightGrad.run();
            if (tiles != null) {
                tiles.inputGradient();
            }
            for (BoundOp op : inputGrad) {
                op.run();
            }
            if (scatterInputGrad != null) {
                scatterInputGrad.run();
            }
        }
    }
}
