package dev.hetflow.optim;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1) over a fixed list of float32 or float64 parameter arrays, updated in place
 * in one pass per array: the gradient is read once, m and v are read and written once, theta is read and written
 * once, with no temporaries ({@link AdamKernel}; 1.2-2.4 ns per parameter on one core of the shared development
 * machine where libnd4j's fused updater op plus the subtraction took 6-7.6, {@code benchmarks/run adam-step}). The
 * learning rate is an argument of every step: its one owner is the caller's schedule, never the optimizer.
 *
 * <p>The step folds the bias corrections into the step size (the paper's section 2), alpha_t = lr sqrt(1 - beta2^t)
 * / (1 - beta1^t), and applies theta -= alpha_t m / (sqrt(v) + eps_t); with eps_t = eps sqrt(1 - beta2^t) that is
 * exactly Algorithm 1's theta -= lr m^ / (sqrt(v^) + eps), m^ = m / (1 - beta1^t), v^ = v / (1 - beta2^t).
 *
 * <p>Arrays dense in C order (whole arrays, or views into one flat store) are updated where they lie; any other
 * layout goes through a C-order copy. Float32 arrays are computed in float32, float64 arrays in float64.
 *
 * <p>State for snapshots: {@link #moments()} is every array's m in order, then every array's v, as float32.
 */
public final class Adam {

    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPSILON = 1e-8;

    private final List<INDArray> parameters;
    private final List<INDArray> firstMoments = new ArrayList<>();
    private final List<INDArray> secondMoments = new ArrayList<>();
    private final AdamKernel kernel = new AdamKernel();
    private final long size;
    private long step;

    public Adam(List<INDArray> parameters) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("Adam needs at least one parameter array");
        }
        this.parameters = List.copyOf(parameters);
        long n = 0;
        for (INDArray p : this.parameters) {
            if (p.dataType() != DataType.FLOAT && p.dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException("Adam updates float32 or float64 arrays, got " + p.dataType());
            }
            firstMoments.add(Nd4j.zeros(p.dataType(), p.shape()));
            secondMoments.add(Nd4j.zeros(p.dataType(), p.shape()));
            n += p.length();
        }
        this.size = n;
    }

    /**
     * One step: m <- b1 m + (1 - b1) g, v <- b2 v + (1 - b2) g^2, theta <- theta - lr m^ / (sqrt(v^) + eps). The
     * gradients (one per parameter array, same lengths, read in C order) are only read.
     */
    public void update(List<INDArray> gradients, double learningRate) {
        if (gradients.size() != parameters.size()) {
            throw new IllegalArgumentException("expected " + parameters.size() + " gradients, got " + gradients.size());
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        for (int i = 0; i < parameters.size(); i++) {
            if (gradients.get(i).length() != parameters.get(i).length()) {
                throw new IllegalArgumentException("gradient " + i + " has " + gradients.get(i).length()
                        + " values, its parameter " + parameters.get(i).length());
            }
        }
        long t = step + 1;
        double biasRoot = Math.sqrt(1 - Math.pow(BETA2, t));
        // Algorithm 1's bias corrections folded into the step size; eps beside sqrt(v^) = sqrt(v) / sqrt(1 - beta2^t)
        double alpha = learningRate * biasRoot / (1 - Math.pow(BETA1, t));
        double epsilon = EPSILON * biasRoot;
        for (int i = 0; i < parameters.size(); i++) {
            update(parameters.get(i), gradients.get(i), firstMoments.get(i), secondMoments.get(i), alpha, epsilon);
        }
        step = t;
    }

    private void update(INDArray p, INDArray g, INDArray m, INDArray v, double alpha, double epsilon) {
        if (p.isEmpty()) {
            return;
        }
        boolean inPlace = FlatBuffers.denseInCOrder(p);
        boolean gradientAsIs = g.dataType() == p.dataType() && FlatBuffers.denseInCOrder(g);
        INDArray theta = inPlace ? p : denseCopy(p, p.dataType());
        INDArray gradient = gradientAsIs ? g : denseCopy(g, p.dataType());
        try {
            int n = Math.toIntExact(p.length());
            if (p.dataType() == DataType.FLOAT) {
                kernel.step(FlatBuffers.floats(theta), FlatBuffers.floats(gradient), FlatBuffers.floats(m),
                        FlatBuffers.floats(v), n, BETA1, BETA2, alpha, epsilon);
            } else {
                kernel.step(FlatBuffers.doubles(theta), FlatBuffers.doubles(gradient), FlatBuffers.doubles(m),
                        FlatBuffers.doubles(v), n, BETA1, BETA2, alpha, epsilon);
            }
            if (!inPlace) {
                p.assign(theta);
            }
        } finally {
            if (!inPlace) {
                theta.close();
            }
            if (!gradientAsIs) {
                gradient.close();
            }
        }
    }

    private static INDArray denseCopy(INDArray a, DataType type) {
        INDArray copy = Nd4j.create(type, a.shape(), 'c');
        copy.assign(a);
        return copy;
    }

    /** Steps taken. */
    public long step() {
        return step;
    }

    /** Number of parameter values; {@link #moments()} holds twice as many. */
    public long size() {
        return size;
    }

    /** [m of every array | v of every array], float32. */
    public float[] moments() {
        float[] out = new float[Math.toIntExact(2 * size)];
        int at = 0;
        for (List<INDArray> part : List.of(firstMoments, secondMoments)) {
            for (INDArray a : part) {
                float[] v = a.castTo(DataType.FLOAT).dup('c').ravel().toFloatVector();
                System.arraycopy(v, 0, out, at, v.length);
                at += v.length;
            }
        }
        return out;
    }

    /** Puts back {@link #moments()} of an optimizer over the same arrays, and the step count. */
    public void restore(float[] moments, long steps) {
        if (moments.length != 2 * size) {
            throw new IllegalArgumentException("Adam state needs " + 2 * size + " values, got " + moments.length);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("Adam step must be >= 0, got " + steps);
        }
        int at = 0;
        for (List<INDArray> part : List.of(firstMoments, secondMoments)) {
            for (INDArray a : part) {
                int n = Math.toIntExact(a.length());
                try (INDArray loaded = Nd4j.createFromArray(java.util.Arrays.copyOfRange(moments, at, at + n))) {
                    a.assign(loaded.reshape(a.shape()));
                }
                at += n;
            }
        }
        this.step = steps;
    }
}
