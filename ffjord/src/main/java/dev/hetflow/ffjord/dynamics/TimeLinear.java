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
    // small per-call scratch, [1, out]; the gate lives in the tape since backward needs the forward's value
    private INDArray shift;
    private INDArray gateGrad;
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
        gateGrad = Nd4j.create(store.dataType(), 1, out);
        gateSlope = Nd4j.create(store.dataType(), 1, out);
    }

    private static INDArray row(INDArray v) {
        return v.reshape(1, v.length());
    }

    /**
     * a = layer(x) on all stacked rows. For CONCATSQUASH {@code pre} receives W x (+ b on primal rows), kept for the
     * gate's gradient; for CONCAT it is unused.
     */
    void forward(double t, LayerBuffers buf) {
        if (conditioning == TimeConditioning.CONCAT) {
            Nd4j.gemm(buf.x, w, buf.a, false, true, 1.0, 0.0);
            u.mul(t, shift).addi(b);
            buf.aPrimal.addiRowVector(shift);
        } else {
            Nd4j.gemm(buf.x, w, buf.pre, false, true, 1.0, 0.0);
            buf.prePrimal.addiRowVector(b);
            INDArray gate = buf.gate;
            gw.mul(t, gate).addi(gb);
            Nd4j.exec(new Sigmoid(gate, gate));
            Nd4j.exec(new BroadcastMulOp(buf.pre, gate, buf.a, 1));
            u.mul(t, shift);
            buf.aPrimal.addiRowVector(shift);
        }
    }

    /**
     * Given dL/da in {@code buf.ga} (overwritten), adds {@code scale * dL/dtheta} to the gradient buffer and writes
     * dL/dx into {@code gx}: all stacked rows if {@code gx} has them, else only the primal rows.
     */
    void backward(double t, LayerBuffers buf, INDArray gx, double scale) {
        if (conditioning == TimeConditioning.CONCAT) {
            // d/du (t u) summed over primal rows; d/db likewise
            Nd4j.gemm(buf.onesPrimal, buf.gaPrimal, du, false, false, scale * t, 1.0);
            Nd4j.gemm(buf.onesPrimal, buf.gaPrimal, db, false, false, scale, 1.0);
        } else {
            Nd4j.gemm(buf.onesPrimal, buf.gaPrimal, du, false, false, scale * t, 1.0);
            // dL/dgate_j = sum over all rows of ga * pre; gate = sigmoid(t g + c) so d gate = gate (1 - gate)
            buf.ga.mul(buf.pre, buf.scratch);
            Nd4j.gemm(buf.onesAll, buf.scratch, gateGrad, false, false, 1.0, 0.0);
            INDArray gate = buf.gate;
            gate.rsub(1.0, gateSlope).muli(gate).muli(gateGrad);
            Nd4j.getBlasWrapper().level1().axpy(out, scale * t, gateSlope, dgw);
            Nd4j.getBlasWrapper().level1().axpy(out, scale, gateSlope, dgb);
            buf.ga.muliRowVector(gate);
            Nd4j.gemm(buf.onesPrimal, buf.gaPrimal, db, false, false, scale, 1.0);
        }
        Nd4j.gemm(buf.ga, buf.x, dW, true, false, scale, 1.0);
        if (gx != null) {
            INDArray g = gx.rows() == buf.ga.rows() ? buf.ga : buf.gaPrimal;
            Nd4j.gemm(g, w, gx, false, false, 1.0, 0.0);
        }
    }

    /** Arrays one layer evaluation reads and writes; x is the layer input (a view owned by the caller). */
    static final class LayerBuffers {
        final INDArray x;
        final INDArray pre;
        final INDArray prePrimal;
        final INDArray a;
        final INDArray aPrimal;
        final INDArray ga;
        final INDArray gaPrimal;
        final INDArray scratch;
        final INDArray gate;
        final INDArray onesPrimal;
        final INDArray onesAll;
        // row-block views (0 = primal, k = tangent block k), made once: ND4J view creation costs ~10 us each
        final INDArray[] xBlock;
        final INDArray[] aBlock;
        final INDArray[] gaBlock;

        LayerBuffers(INDArray x, INDArray a, INDArray ga, INDArray pre, INDArray scratch, int batch,
                INDArray onesAll) {
            this.x = x;
            this.a = a;
            this.aPrimal = Rows.slice(a, 0, batch);
            this.ga = ga;
            this.gaPrimal = Rows.slice(ga, 0, batch);
            this.pre = pre;
            this.prePrimal = pre == null ? null : Rows.slice(pre, 0, batch);
            this.scratch = scratch;
            this.gate = pre == null ? null : Nd4j.create(a.dataType(), 1, a.columns());
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
