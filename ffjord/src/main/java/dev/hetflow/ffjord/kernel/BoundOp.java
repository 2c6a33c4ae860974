package dev.hetflow.ffjord.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An ND4J op bound once to fixed arrays, run many times. ND4J's per-call set-up dominates small ops: a custom op
 * (multiply, add, matmul) builds a native op context per call (~10-15 us, measured on the CPU backend), a scalar op
 * allocates its scalar (~13 us), while the kernel itself on a 512 x 64 float block takes 2-5 us. Bound, a custom op
 * keeps its context with inputs, outputs and arguments already set, and a legacy op keeps its op object: running one
 * costs about 1 us of set-up. The arrays must stay the same objects (views included) for the op's lifetime; their
 * contents may change. The contexts are native and freed by ND4J's deallocator with this object.
 */
public final class BoundOp {

    private final Op legacy;
    private final CustomOp custom;
    private final OpContext context;
    private final double beta;

    private BoundOp(Op legacy, CustomOp custom, OpContext context, double beta) {
        this.legacy = legacy;
        this.custom = custom;
        this.context = context;
        this.beta = beta;
    }

    /** A legacy (transform, scalar, pairwise) op whose arrays and scalar were set in its constructor. */
    public static BoundOp legacy(Op op) {
        return new BoundOp(op, null, null, 0);
    }

    /** z = x * y elementwise, with numpy broadcasting (e.g. y a row [1, n] or column [m, 1]); z may be x. */
    public static BoundOp multiply(INDArray x, INDArray y, INDArray z) {
        return custom(new MulOp(), new INDArray[] {x, y}, z, null, null);
    }

    /** z = x + y elementwise, with numpy broadcasting; z may be x. */
    public static BoundOp add(INDArray x, INDArray y, INDArray z) {
        return custom(new AddOp(), new INDArray[] {x, y}, z, null, null);
    }

    /** c = alpha op(a) op(b) + beta c, op = transpose where asked. {@link #run(double)} changes alpha per call. */
    public static BoundOp matmul(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha,
            double beta) {
        long[] flags = {transA ? 1 : 0, transB ? 1 : 0, 0};
        BoundOp op = custom(new Mmul(), new INDArray[] {a, b}, c, flags, new double[] {alpha, beta});
        return new BoundOp(null, op.custom, op.context, beta);
    }

    private static BoundOp custom(CustomOp op, INDArray[] inputs, INDArray output, long[] intArgs,
            double[] realArgs) {
        OpContext ctx = Nd4j.getExecutioner().buildContext();
        ctx.setInputArrays(inputs);
        ctx.setOutputArrays(output);
        if (intArgs != null) {
            ctx.setIArguments(intArgs);
        }
        if (realArgs != null) {
            ctx.setTArguments(realArgs);
        }
        return new BoundOp(null, op, ctx, 0);
    }

    public void run() {
        if (legacy != null) {
            Nd4j.exec(legacy);
        } else {
            Nd4j.getExecutioner().exec(custom, context);
        }
    }

    /** Whether this is a matmul, which {@link #run(double)} accepts. */
    public boolean isMatmul() {
        return custom instanceof Mmul;
    }

    /** A matmul with a new alpha (beta as bound). */
    public void run(double alpha) {
        if (!(custom instanceof Mmul)) {
            throw new IllegalStateException("only a matmul takes a new alpha");
        }
        context.setTArguments(alpha, beta);
        Nd4j.getExecutioner().exec(custom, context);
    }
}
