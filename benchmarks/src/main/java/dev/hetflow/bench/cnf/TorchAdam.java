package dev.hetflow.bench.cnf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba, Algorithm 1) on libtorch tensors that require gradients, in place; zeroes the gradients.
 * Shared by the cnf-step and snf-step twins.
 */
public final class TorchAdam {

    private final NDManager base;
    private final double lr;
    private final List<NDArray> params;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private int iteration;

    public TorchAdam(NDManager base, List<NDArray> params, double lr) {
        this.base = base;
        this.lr = lr;
        this.params = List.copyOf(params);
        for (NDArray p : params) {
            m.add(base.zeros(p.getShape()));
            v.add(base.zeros(p.getShape()));
        }
    }

    public void step() {
        iteration++;
        float b1 = 0.9f;
        float b2 = 0.999f;
        double c1 = 1 - Math.pow(b1, iteration);
        double c2 = 1 - Math.pow(b2, iteration);
        float step = (float) (lr * Math.sqrt(c2) / c1);
        try (NDManager s = base.newSubManager()) {
            for (int i = 0; i < params.size(); i++) {
                NDArray p = params.get(i);
                // the gradient handle may be shared with the parameter: copy it into this scope, never close it
                NDArray grad = p.getGradient();
                NDArray g = s.zeros(p.getShape()).addi(grad);
                m.get(i).muli(b1).addi(g.mul(1 - b1));
                v.get(i).muli(b2).addi(g.square().muli(1 - b2));
                NDArray denom = v.get(i).sqrt();
                denom.attach(s);
                NDArray update = m.get(i).div(denom.addi(1e-8f));
                update.attach(s);
                p.subi(update.muli(step));
                grad.muli(0f);
            }
        }
    }
}
