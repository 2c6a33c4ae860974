package dev.hetflow.ffjord.params;

/** How a parameter tensor is initialised when its {@link ParameterStore} is built. */
public sealed interface ParameterInit {

    /** All zeros. */
    record Zeros() implements ParameterInit {
    }

    /** Uniform on {@code [-bound, bound]} (PyTorch's default for linear layers uses bound = 1/sqrt(fanIn)). */
    record Uniform(double bound) implements ParameterInit {
        public Uniform {
            if (!(bound >= 0) || Double.isInfinite(bound)) {
                throw new IllegalArgumentException("uniform bound must be finite and >= 0, got " + bound);
            }
        }
    }

    static ParameterInit zeros() {
        return new Zeros();
    }

    /** PyTorch's nn.Linear / nn.Conv2d default: U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
    static ParameterInit fanIn(long fanIn) {
        if (fanIn <= 0) {
            throw new IllegalArgumentException("fan-in must be positive, got " + fanIn);
        }
        return new Uniform(1.0 / Math.sqrt(fanIn));
    }
}
