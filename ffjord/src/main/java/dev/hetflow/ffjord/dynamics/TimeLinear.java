package dev.hetflow.ffjord.dynamics;

import dev.hetflow.ffjord.kernel.BoundOp;
import dev.hetflow.ffjord.kernel.Vectors;
import dev.hetflow.ffjord.params.ParameterInit;
import dev.hetflow.ffjord.params.ParameterSlot;
import dev.hetflow.ffjord.params.ParameterStore;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.TimesOneMinus;
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
 *
 * <p>Each tape's {@link LayerBuffers} binds this layer's ops to its arrays once ({@link BoundOp}); time and the
 * gradient scale enter through BLAS level-1 calls, which take a new coefficient at no cost.
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
    // per-call scratch shared by all tapes (evaluations run one at a time); the gate and diag(g) W live in the tape
    // since backward needs the forward's values
    private INDArray shift;
    private INDArray colSum;
    private INDArray outer;
    private INDArray product;
    private INDArray gateGrad;
    private INDArray gateSlope;
    private INDArray biasTerm;
    private INDArray onesIn;

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
        DataType type = store.dataType();
        shift = Nd4j.create(type, 1, out);
        colSum = Nd4j.create(type, 1, out);
        outer = Nd4j.create(type, out, in);
        product = Nd4j.create(type, out, in);
        gateGrad = Nd4j.create(type, 1, out);
        gateSlope = Nd4j.create(type, 1, out);
        biasTerm = Nd4j.create(type, 1, out);
        onesIn = Nd4j.ones(type, 1, in);
    }

    /** This layer's parameters, copied out of the bound store (see {@link TimeLinearParameters}). */
    TimeLinearParameters parameters() {
        if (w == null) {
            throw new IllegalStateException("bind(ParameterStore) must be called before reading parameters");
        }
        boolean squash = conditioning == TimeConditioning.CONCATSQUASH;
        return new TimeLinearParameters(conditioning, in, out, floats(w), floats(b), floats(u),
                squash ? floats(gw) : null, squash ? floats(gb) : null);
    }

    private static float[] floats(INDArray v) {
        return v.castTo(DataType.FLOAT).dup('c').ravel().toFloatVector();
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
            buf.affine.run();
            Vectors.copy(b, shift);
            Vectors.axpy(t, u, shift);
        } else {
            // gate = sigmoid(t g + c)
            Vectors.copy(gb, buf.gate);
            Vectors.axpy(t, gw, buf.gate);
            buf.gateSigmoid.run();
            buf.gateWeights.run();
            buf.affine.run();
            // shift = b * g + t u
            buf.gatedBias.run();
            Vectors.axpy(t, u, shift);
        }
        buf.addShift.run();
    }

    /**
     * Given dL/da in {@code buf.ga}, adds {@code scale * dL/dtheta} to the gradient buffer and writes dL/dx into the
     * tape's bound input gradient, if any: all stacked rows if it has them, else only the primal rows.
     *
     * <p>CONCATSQUASH, with M = ga^T x (all rows) and c = column sums of ga over primal rows:
     * dL/dW = diag(g) M, dL/db = g * c, dL/du = t c, dL/dg_j = sum_i M_ji W_ji + b_j c_j, then through
     * g = sigmoid(t w_g + b_g), and dL/dx = ga diag(g) W.
     */
    void backward(double t, LayerBuffers buf, double scale) {
        buf.columnSum.run();
        // d/du (t u) summed over primal rows
        Vectors.axpy(scale * t, colSum, du);
        if (conditioning == TimeConditioning.CONCAT) {
            Vectors.axpy(scale, colSum, db);
            buf.weightGrad.run(scale);
        } else {
            buf.outerProduct.run();
            // dL/dgate = rowsum(M * W) + b * c, then through the sigmoid: g (1 - g)
            buf.outerTimesWeight.run();
            buf.rowSum.run();
            buf.biasTimesColSum.run();
            Vectors.axpy(1.0, biasTerm, gateGrad);
            buf.gateSlope.run();
            buf.gateChain.run();
            Vectors.axpy(scale * t, gateSlope, dgw);
            Vectors.axpy(scale, gateSlope, dgb);
            buf.gateOuter.run();
            Vectors.axpy(scale, outer, dW);
            buf.gateColSum.run();
            Vectors.axpy(scale, colSum, db);
        }
        if (buf.inputGrad != null) {
            buf.inputGrad.run();
        }
    }

    /**
     * Arrays of one layer evaluation and the ops bound to them; x is the layer input (a view owned by the caller),
     * gx the array that receives dL/dx (all stacked rows or the primal rows only; null when nobody needs it).
     */
    LayerBuffers buffers(INDArray x, INDArray a, INDArray ga, INDArray gx, int batch, INDArray onesAll) {
        return new LayerBuffers(x, a, ga, gx, batch, onesAll);
    }

    final class LayerBuffers {
        final INDArray x;
        final INDArray a;
        final INDArray ga;
        final INDArray gate;
        final BoundOp affine;
        final BoundOp addShift;
        final BoundOp columnSum;
        final BoundOp inputGrad;
        final BoundOp weightGrad;
        final BoundOp gateSigmoid;
        final BoundOp gateWeights;
        final BoundOp gatedBias;
        final BoundOp outerProduct;
        final BoundOp outerTimesWeight;
        final BoundOp rowSum;
        final BoundOp biasTimesColSum;
        final BoundOp gateSlope;
        final BoundOp gateChain;
        final BoundOp gateOuter;
        final BoundOp gateColSum;

        private LayerBuffers(INDArray x, INDArray a, INDArray ga, INDArray gx, int batch, INDArray onesAll) {
            if (w == null) {
                throw new IllegalStateException("bind(ParameterStore) must be called before making tapes");
            }
            this.x = x;
            this.a = a;
            this.ga = ga;
            INDArray aPrimal = Rows.block(a, 0, batch);
            INDArray gaPrimal = Rows.block(ga, 0, batch);
            INDArray onesPrimal = onesAll.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, batch));
            addShift = BoundOp.add(aPrimal, shift, aPrimal);
            columnSum = BoundOp.matmul(onesPrimal, gaPrimal, colSum, false, false, 1.0, 0.0);
            INDArray gradSource = gx != null && gx.rows() == batch ? gaPrimal : ga;
            if (conditioning == TimeConditioning.CONCAT) {
                gate = null;
                affine = BoundOp.matmul(x, w, a, false, true, 1.0, 0.0);
                weightGrad = BoundOp.matmul(ga, x, dW, true, false, 1.0, 1.0);
                inputGrad = gx == null ? null : BoundOp.matmul(gradSource, w, gx, false, false, 1.0, 0.0);
                gateSigmoid = null;
                gateWeights = null;
                gatedBias = null;
                outerProduct = null;
                outerTimesWeight = null;
                rowSum = null;
                biasTimesColSum = null;
                gateSlope = null;
                gateChain = null;
                gateOuter = null;
                gateColSum = null;
                return;
            }
            DataType type = a.dataType();
            gate = Nd4j.create(type, 1, out);
            INDArray gateColumn = gate.reshape('c', out, 1);
            INDArray gatedWeight = Nd4j.create(type, out, in);
            weightGrad = null;
            gateSigmoid = BoundOp.legacy(new Sigmoid(gate, gate));
            gateWeights = BoundOp.multiply(w, gateColumn, gatedWeight);
            affine = BoundOp.matmul(x, gatedWeight, a, false, true, 1.0, 0.0);
            gatedBias = BoundOp.multiply(b, gate, shift);
            outerProduct = BoundOp.matmul(ga, x, outer, true, false, 1.0, 0.0);
            outerTimesWeight = BoundOp.multiply(outer, w, product);
            rowSum = BoundOp.matmul(onesIn, product, gateGrad, false, true, 1.0, 0.0);
            biasTimesColSum = BoundOp.multiply(b, colSum, biasTerm);
            gateSlope = BoundOp.legacy(new TimesOneMinus(gate, TimeLinear.this.gateSlope));
            gateChain = BoundOp.multiply(TimeLinear.this.gateSlope, gateGrad, TimeLinear.this.gateSlope);
            gateOuter = BoundOp.multiply(outer, gateColumn, outer);
            gateColSum = BoundOp.multiply(colSum, gate, colSum);
            inputGrad = gx == null ? null : BoundOp.matmul(gradSource, gatedWeight, gx, false, false, 1.0, 0.0);
        }
    }
}
