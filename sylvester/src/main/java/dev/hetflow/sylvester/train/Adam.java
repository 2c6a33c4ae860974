package dev.hetflow.sylvester.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba 2015, algorithm 1) over a list of parameter arrays, updated in place; the learning rate is
 * passed on every step so a scheduler outside (e.g. reduce-on-plateau) controls it.
 */
public final class Adam {

    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPSILON = 1e-8;

    private final List<INDArray> firstMoments = new ArrayList<>();
    private final List<INDArray> secondMoments = new ArrayList<>();
    private long step;

    public Adam(List<INDArray> parameters) {
        for (INDArray p : parameters) {
            firstMoments.add(p.ulike().assign(0));
            secondMoments.add(p.ulike().assign(0));
        }
    }

    /** One step: m <- b1 m + (1-b1) g, v <- b2 v + (1-b2) g^2, p <- p - lr m^ / (sqrt(v^) + eps). */
    public void update(List<INDArray> parameters, List<INDArray> gradients, double learningRate) {
        if (parameters.size() != firstMoments.size() || gradients.size() != firstMoments.size()) {
            throw new IllegalArgumentException("expected " + firstMoments.size() + " parameters and gradients, got "
                    + parameters.size() + " and " + gradients.size());
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        step++;
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        for (int i = 0; i < parameters.size(); i++) {
            INDArray g = gradients.get(i);
            INDArray m = firstMoments.get(i);
            INDArray v = secondMoments.get(i);
            // temporaries are closed at once: a step touches every parameter, so leaving them to the GC would
            // hold several copies of the model in native memory
            try (INDArray scaledGradient = g.mul(1 - BETA1); INDArray squared = g.mul(g)) {
                m.muli(BETA1).addi(scaledGradient);
                v.muli(BETA2).addi(squared.muli(1 - BETA2));
            }
            try (INDArray denominator = Transforms.sqrt(v.div(correction2), false).addi(EPSILON);
                 INDArray update = m.div(denominator)) {
                parameters.get(i).subi(update.muli(learningRate / correction1));
            }
        }
    }

    public List<INDArray> firstMoments() {
        return firstMoments;
    }

    public List<INDArray> secondMoments() {
        return secondMoments;
    }

    public long step() {
        return step;
    }

    public void setStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("Adam step must be >= 0, got " + step);
        }
        this.step = step;
    }
}
