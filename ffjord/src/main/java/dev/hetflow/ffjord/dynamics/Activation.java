package dev.hetflow.ffjord.dynamics;

import dev.hetflow.ffjord.kernel.BoundOp;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarSubtraction;
import org.nd4j.linalg.api.ops.impl.transforms.same.OneMinus;
import org.nd4j.linalg.api.ops.impl.transforms.same.Square;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SoftPlus;

/** Pointwise nonlinearity s with first derivative s' (for tangents) and the second-order term (for backward). */
public enum Activation {
    /** s = tanh, s' = 1 - s^2, s'' = -2 s s'. */
    TANH,
    /** s = log(1 + e^a), s' = sigmoid(a), s'' = s' (1 - s'). */
    SOFTPLUS;

    /** Ops writing value = s(a) and slope = s'(a); a, value, slope have the same shape and stay bound. */
    void bindApply(INDArray a, INDArray value, INDArray slope, List<BoundOp> ops) {
        switch (this) {
            case TANH -> {
                // tanh(a) = 2 sigmoid(2a) - 1: ND4J's sigmoid kernel is ~2x faster than its tanh kernel on CPU
                ops.add(BoundOp.legacy(new ScalarMultiplication(a, null, value, 2.0)));
                ops.add(BoundOp.legacy(new Sigmoid(value, value)));
                ops.add(BoundOp.legacy(new ScalarMultiplication(value, null, value, 2.0)));
                ops.add(BoundOp.legacy(new ScalarSubtraction(value, null, value, 1.0)));
                // s' = 1 - h^2, from h so that no second transcendental is evaluated
                ops.add(BoundOp.legacy(new Square(value, slope)));
                ops.add(BoundOp.legacy(new OneMinus(slope, slope)));
            }
            case SOFTPLUS -> {
                ops.add(BoundOp.legacy(new SoftPlus(a, value)));
                ops.add(BoundOp.legacy(new Sigmoid(a, slope)));
            }
        }
    }

    /**
     * s''(a) = c * rho * s'(a). Binds ops that multiply {@code q} in place by rho (scratch has q's shape) and returns
     * the constant c: tanh rho = s, c = -2; softplus rho = 1 - s', c = 1. Backward multiplies the result by the
     * tangent output's gradient, since tangentOut = s' * tangentIn.
     */
    double bindCurvature(INDArray q, INDArray value, INDArray slope, INDArray scratch, List<BoundOp> ops) {
        return switch (this) {
            case TANH -> {
                ops.add(BoundOp.multiply(q, value, q));
                yield -2.0;
            }
            case SOFTPLUS -> {
                ops.add(BoundOp.legacy(new OneMinus(slope, scratch)));
                ops.add(BoundOp.multiply(q, scratch, q));
                yield 1.0;
            }
        };
    }
}
