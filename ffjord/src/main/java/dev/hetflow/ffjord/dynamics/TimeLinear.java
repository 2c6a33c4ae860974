package dev.hetflow.ffjord.dynamics;

import dev.hetflow.ffjord.params.ParameterInit;
import dev.hetflow.ffjord.params.ParameterSlot;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One time-conditioned affine layer on stacked rows (primal rows first, then tangent blocks; see {@link Dynamics}).
 * Affine maps act on tangents by their linear part only, so bias and time shift touch the primal rows alone.
 *
 * <p>Parameters, registered in this order under prefix p: {@code p.weight [out, in]}, {@code p.bias [out]}, then
 * CONCAT: {@code p.time_weight [out]} (y = W x + b + t w); CONCATSQUASH: {@code p.hyper_bias [out]} (u),
 * {@code p.hyper_gate.weight [out]} (g), {@code p.hyper_gate.bias [out]} (c), with
 * y = (W x + b) * sigmoid(t g + c) + t u (ffjord ConcatSquashLinear).
 */
final class TimeLinear {

    final int in;
    final int out;
    private final TimeConditioning conditioning;
    private final ParameterSlot weight;
    private final ParameterSlot bias;
    private final ParameterSlot timeWeight;
    private final ParameterSlot gateWeight;
    private final ParameterSlot gateBias;
    // row-vector views [1, out] of the parameters and their gradients, made once
    private INDArray w;
    private INDArray b;
    private INDArray u;
    private INDArray gw;
    private INDArray gb;
    private INDArray dW;
    private INDArray db;
    private INDArray du;
    private INDArray dgw;
    private INDArray dgb;
    // small per-call scratch; the gate and diag(g) W live in the tape since backward needs the forward's values
    private INDArray shift;
    private INDArray gateGrad;
    private INDArray colSum;
    private INDArray outerScratch;
    private INDArray productScratch;
    private INDArray onesIn;
    private INDArray gateSlope;

    TimeLinear(ParameterStore.Builder params, String prefix, int in, int out, TimeConditioning conditioning) {
        this.in = in;
        this.out = out;
        this.conditioning = conditioning;
        boolean concat = conditioning == TimeConditioning.CONCAT;
        ParameterInit init = ParameterInit.fanIn(concat ? in + 1 : in);
        weight = params.add(prefix + ".weight", init, out, in);
        bias = params.add(prefix + ".bias", init, out);
        if (concat) {
            timeWeight = params.add(prefix + ".time_weight", init, out);
            gateWeight = null;
            gateBias = null;
        } else {
            ParameterInit hyper = ParameterInit.fanIn(1);
            timeWeight = params.add(prefix + ".hyper_bias", hyper, out);
            gateWeight = params.add(prefix + ".hyper_gate.weight", hyper, out);
            gateBias = params.add(prefix + ".hyper_gate.bias", hyper, out);
        }
    }

    void bind(ParameterStore store) {
        w = store.value(weight);
        dW = store.gradient(weight);
        b = row(store.value(bias));
        db = row(store.gradient(bias));
        u = row(store.value(timeWeight));
        du = row(store.gradient(timeWeight));
        if (conditioning == TimeConditioning.CONCATSQUASH) {
            gw = row(store.value(gateWeight));
            dgw = row(store.gradient(gateWeight));
            gb = row(store.value(gateBias));
            dgb = row(store.gradient(gateBias));
        }
        shift = Nd4j.create(store.dataType(), 1, out);
        colSum = Nd4j.create(store.dataType(), 1, out);
        outerScratch = Nd4j.create(store.dataType(), out, in);
        productScratch = Nd4j.create(store.dataType(), out, in);
        onesIn = Nd4j.ones(store.dataType(), 1, in);
        gateGrad = Nd4j.create(store.dataType(), 1, out);
        gateSlope = Nd4j.create(store.dataType(), 1, out);
    }

    private static INDArray row(INDArray v) {
        return v.reshape(1, v.length());
    }

    /**
     * a = layer(x) on all stacked rows. CONCATSQUASH folds the gate into the weights, (W x + b) * g =
     * (diag(g) W) x + b * g, so the big arrays see one gemm and one row-vector add; diag(g) W is kept in the tape.
     */
    void forward(double t, LayerBuffers buf) {
        if (conditioning == TimeConditioning.CONCAT) {
            Nd4j.gemm(buf.x, w, buf.a, false, true, 1.0, 0.0);
            u.mul(t, shift).addi(b);
        } else {
            INDArray gate = buf.gate;
            gw.mul(t, gate).addi(gb);
            Nd4j.exec(new Sigmoid(gate, gate));
            Nd4j.exec(new BroadcastMulOp(w, buf.gateFlat, buf.gatedWeight, 0));
            Nd4j.gemm(buf.x, buf.gatedWeight, buf.a, false, true, 1.0, 0.0);
            // shift = b * g + t u
            b.mul(gate, shift);
            Nd4j.getBlasWrapper().level1().axpy(out, t, u, shift);
        }
        buf.aPrimal.addiRowVector(shift);
    }

    /**
     * Given dL/da in {@code buf.ga}, adds {@code scale * dL/dtheta} to the gradient buffer and writes dL/dx into
     * {@code gx}: all stacked rows if {@code gx} has them, else only the primal rows.
     *
     * <p>CONCATSQUASH, with M = ga^T x (all rows) and c = column sums of ga over primal rows:
     * dL/dW = diag(g) M, dL/db = g * c, dL/du = t c, dL/dg_j = sum_i M_ji W_ji + b_j c_j, then through
     * g = sigmoid(t w_g + b_g), and dL/dx = ga diag(g) W.
     */
    void backward(double t, LayerBuffers buf, INDArray gx, double scale) {
        if (conditioning == TimeConditioning.CONCAT) {
            // d/du (t u) summed over primal rows; d/db likewise
            Nd4j.gemm(buf.onesPrimal, buf.gaPrimal, du, false, false, scale * t, 1.0);
            Nd4j.gemm(buf.onesPrimal, buf.gaPrimal, db, false, false, scale, 1.0);
            Nd4j.gemm(buf.ga, buf.x, dW, true, false, scale, 1.0);
            if (gx != null) {
                INDArray g = gx.rows() == buf.ga.rows() ? buf.ga : buf.gaPrimal;
                Nd4j.gemm(g, w, gx, false, false, 1.0, 0.0);
            }
            return;
        }
        INDArray gate = buf.gate;
        Nd4j.gemm(buf.onesPrimal, buf.gaPrimal, colSum, false, false, 1.0, 0.0);
        Nd4j.getBlasWrapper().level1().axpy(out, scale * t, colSum, du);
        Nd4j.gemm(buf.ga, buf.x, outerScratch, true, false, 1.0, 0.0);
        // dL/dgate = rowsum(M * W) + b * c
        outerScratch.mul(w, productScratch);
        Nd4j.gemm(onesIn, productScratch, gateGrad, false, true, 1.0, 0.0);
        gateGrad.addi(b.mul(colSum));
        gate.rsub(1.0, gateSlope).muli(gate).muli(gateGrad);
        Nd4j.getBlasWrapper().level1().axpy(out, scale * t, gateSlope, dgw);
        Nd4j.getBlasWrapper().level1().axpy(out, scale, gateSlope, dgb);
        Nd4j.exec(new BroadcastMulOp(outerScratch, buf.gateFlat, outerScratch, 0));
        Nd4j.getBlasWrapper().level1().axpy(outerScratch.length(), scale, outerScratch, dW);
        Nd4j.getBlasWrapper().level1().axpy(out, scale, colSum.muli(gate), db);
        if (gx != null) {
            INDArray g = gx.rows() == buf.ga.rows() ? buf.ga : buf.gaPrimal;
            Nd4j.gemm(g, buf.gatedWeight, gx, false, false, 1.0, 0.0);
        }
    }

    /** Arrays one layer evaluation reads and writes; x is the layer input (a view owned by the caller). */
    static final class LayerBuffers {
        final INDArray x;
        final INDArray a;
        final INDArray aPrimal;
        final INDArray ga;
        final INDArray gaPrimal;
        final INDArray gate;
        final INDArray gateFlat;
        final INDArray gatedWeight;
        final INDArray onesPrimal;
        final INDArray onesAll;
        // row-block views (0 = primal, k = tangent block k), made once: ND4J view creation costs ~10 us each
        final INDArray[] xBlock;
        final INDArray[] aBlock;
        final INDArray[] gaBlock;

        LayerBuffers(INDArray x, INDArray a, INDArray ga, boolean squash, int batch,
                INDArray onesAll) {
            this.x = x;
            this.a = a;
            this.aPrimal = Rows.slice(a, 0, batch);
            this.ga = ga;
            this.gaPrimal = Rows.slice(ga, 0, batch);
            this.gate = squash ? Nd4j.create(a.dataType(), 1, a.columns()) : null;
            this.gateFlat = squash ? gate.reshape(a.columns()) : null;
            this.gatedWeight = squash ? Nd4j.create(a.dataType(), a.columns(), x.columns()) : null;
            this.onesAll = onesAll;
            int blocks = (int) (a.rows() / batch);
            this.xBlock = new INDArray[blocks];
            this.aBlock = new INDArray[blocks];
            this.gaBlock = new INDArray[blocks];
            for (int k = 0; k < blocks; k++) {
                xBlock[k] = Rows.block(x, k, batch);
                aBlock[k] = Rows.block(a, k, batch);
                gaBlock[k] = Rows.block(ga, k, batch);
            }
            this.onesPrimal = onesAll.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, batch));
        }
    }
}
