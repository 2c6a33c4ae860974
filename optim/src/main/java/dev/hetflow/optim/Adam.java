package dev.hetflow.optim;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1) over a fixed list of parameter arrays, updated in place with ND4J's fused
 * updater op (one op per array turns its gradient into the update and advances m and v). The learning rate is an
 * argument of every step: its one owner is the caller's schedule, never the optimizer.
 *
 * <p>The fused op folds the bias corrections into the step size, lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t), and
 * applies theta -= lr_t m / (sqrt(v) + eps_t); with eps_t = eps sqrt(1 - beta2^t) that is exactly Algorithm 1's
 * theta -= lr m^ / (sqrt(v^) + eps), m^ = m / (1 - beta1^t), v^ = v / (1 - beta2^t).
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
    private final long size;
    private long step;

    public Adam(List<INDArray> parameters) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("Adam needs at least one parameter array");
        }
        this.parameters = List.copyOf(parameters);
        long n = 0;
        for (INDArray p : this.parameters) {
            firstMoments.add(Nd4j.zeros(p.dataType(), p.shape()));
            secondMoments.add(Nd4j.zeros(p.dataType(), p.shape()));
            n += p.length();
        }
        this.size = n;
    }

    /**
     * One step: m <- b1 m + (1 - b1) g, v <- b2 v + (1 - b2) g^2, theta <- theta - lr m^ / (sqrt(v^) + eps). The
     * gradients (one per parameter array, same lengths) are consumed: overwritten with the update.
     */
    public void update(List<INDArray> gradients, double learningRate) {
        if (gradients.size() != parameters.size()) {
            throw new IllegalArgumentException("expected " + parameters.size() + " gradients, got " + gradients.size());
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        // eps enters Algorithm 1 beside sqrt(v^) = sqrt(v) / sqrt(1 - beta2^t): scaled, it enters the fused op's form
        double epsilon = EPSILON * Math.sqrt(1 - Math.pow(BETA2, step + 1));
        for (int i = 0; i < parameters.size(); i++) {
            INDArray p = parameters.get(i);
            INDArray g = gradients.get(i);
            if (g.length() != p.length()) {
                throw new IllegalArgumentException("gradient " + i + " has " + g.length() + " values, its parameter "
                        + p.length());
            }
            INDArray update = g.reshape(p.shape());
            Nd4j.exec(new AdamUpdater(update, secondMoments.get(i), firstMoments.get(i), learningRate, BETA1, BETA2,
                    epsilon, Math.toIntExact(step)));
            p.subi(update);
        }
        step++;
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
