package dev.hetflow.ffjord.dynamics;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SoftPlus;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarSubtraction;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/** Pointwise nonlinearity s with first derivative s' (for tangents) and the second-order term (for backward). */
public enum Activation {
    /** s = tanh, s' = 1 - s^2, s'' = -2 s s'. */
    TANH,
    /** s = log(1 + e^a), s' = sigmoid(a), s'' = s' (1 - s'). */
    SOFTPLUS;

    /** value = s(a), slope = s'(a); a, value, slope have the same shape. */
    void apply(INDArray a, INDArray value, INDArray slope) {
        switch (this) {
            case TANH -> {
                // tanh(a) = 2 sigmoid(2a) - 1: ND4J's sigmoid kernel is ~2x faster than its tanh kernel on CPU
                Nd4j.exec(new ScalarMultiplication(a, null, value, 2.0));
                Nd4j.exec(new Sigmoid(value, value));
                Nd4j.exec(new ScalarMultiplication(value, null, value, 2.0));
                Nd4j.exec(new ScalarSubtraction(value, null, value, 1.0));
                // s' = 1 - h^2, from h so that no second transcendental is evaluated
                Nd4j.exec(new MulOp(value, value, slope));
                Nd4j.exec(new ScalarReverseSubtraction(slope, null, slope, 1.0));
            }
            case SOFTPLUS -> {
                Nd4j.exec(new SoftPlus(a, value));
                Nd4j.exec(new Sigmoid(a, slope));
            }
        }
    }

    /**
     * The factor r with s''(a) = r * s'(a), written into {@code out}: r = -2 s for tanh, r = 1 - s' for softplus.
     * Backward multiplies it by (upstream tangent gradient * tangent output), since tangentOut = s' * tangentIn.
     */
    void curvatureRatio(INDArray value, INDArray slope, INDArray out) {
        switch (this) {
            case TANH -> value.mul(-2.0, out);
            case SOFTPLUS -> slope.rsub(1.0, out);
        }
    }
}
