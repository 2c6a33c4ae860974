package dev.hetflow.bench.cnf;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;

/**
 * The same CNF training iteration on libtorch through DJL: the forward pass carries the Hutchinson tangent
 * explicitly (DJL has no create_graph, so the vector-Jacobian trick of the reference FFJORD is unavailable, exactly
 * as on ND4J), libtorch's autograd does the single reverse pass, and Adam runs on each parameter tensor.
 */
public final class TorchCnfStep implements TrainingStep {

    private final CnfShape shape;
    private final NDManager base;
    private final List<Layer> layers = new ArrayList<>();
    private final List<NDArray> params = new ArrayList<>();
    private final TorchAdam adam;

    private record Layer(NDArray w, NDArray b, NDArray u, NDArray gw, NDArray gb) {
    }

    public TorchCnfStep(CnfShape shape) {
        this.shape = shape;
        this.base = NDManager.newBaseManager("PyTorch");
        int[] widths = new int[shape.depth() + 2];
        widths[0] = shape.dim();
        widths[widths.length - 1] = shape.dim();
        for (int i = 1; i <= shape.depth(); i++) {
            widths[i] = shape.hidden();
        }
        for (int l = 0; l + 1 < widths.length; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            float bound = (float) (1 / Math.sqrt(in));
            Layer layer = new Layer(uniform(bound, out, in), uniform(bound, 1, out), uniform(1, 1, out),
                    uniform(1, 1, out), uniform(1, 1, out));
            layers.add(layer);
            params.addAll(List.of(layer.w(), layer.b(), layer.u(), layer.gw(), layer.gb()));
        }
        for (NDArray p : params) {
            p.setRequiresGradient(true);
        }
        adam = new TorchAdam(base, params, 1e-3);
    }

    private NDArray uniform(float bound, long... dims) {
        return base.randomUniform(-bound, bound, new Shape(dims));
    }

    /** f(t, z) and the tangent J v through the concatsquash-tanh MLP. */
    private NDList dynamics(NDManager sub, double t, NDArray z, NDArray eps) {
        NDArray h = z;
        NDArray tan = eps;
        NDArray tt = sub.create((float) t);
        for (int l = 0; l < layers.size(); l++) {
            Layer p = layers.get(l);
            NDArray wt = p.w().transpose();
            wt.attach(sub);
            NDArray gate = Activation.sigmoid(tt.mul(p.gw()).add(p.gb()));
            NDArray a = h.matMul(wt).add(p.b()).mul(gate).add(tt.mul(p.u()));
            NDArray ta = tan.matMul(wt).mul(gate);
            if (l < layers.size() - 1) {
                h = a.tanh();
                // tangent' = (1 - h^2) * (W tangent)
                tan = h.square().neg().add(1f).mul(ta);
            } else {
                h = a;
                tan = ta;
            }
        }
        NDArray div = eps.mul(tan).sum(new int[] {1});
        return new NDList(h, div);
    }

    @Override
    public double run() {
        double loss;
        try (NDManager sub = base.newSubManager()) {
            NDArray x = sub.randomNormal(new Shape(shape.batch(), shape.dim()));
            NDArray eps = sub.randomInteger(0, 2, new Shape(shape.batch(), shape.dim()), DataType.INT32)
                    .toType(DataType.FLOAT32, false).mul(2f).sub(1f);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray z = x;
                NDArray logdet = sub.zeros(new Shape(shape.batch()));
                double h = shape.time() / shape.steps();
                for (int n = 0; n < shape.steps(); n++) {
                    double t = n * h;
                    NDList k1 = dynamics(sub, t, z, eps);
                    NDList k2 = dynamics(sub, t + h / 2, z.add(k1.get(0).mul((float) (h / 2))), eps);
                    NDList k3 = dynamics(sub, t + h / 2, z.add(k2.get(0).mul((float) (h / 2))), eps);
                    NDList k4 = dynamics(sub, t + h, z.add(k3.get(0).mul((float) h)), eps);
                    z = z.add(k1.get(0).add(k2.get(0).mul(2f)).add(k3.get(0).mul(2f)).add(k4.get(0))
                            .mul((float) (h / 6)));
                    logdet = logdet.add(k1.get(1).add(k2.get(1).mul(2f)).add(k3.get(1).mul(2f)).add(k4.get(1))
                            .mul((float) (h / 6)));
                }
                NDArray nll = z.square().sum(new int[] {1}).mul(0.5f).sub(logdet).mean()
                        .add((float) (0.5 * shape.dim() * Math.log(2 * Math.PI)));
                gc.backward(nll);
                loss = nll.getFloat();
            }
            adam.step();
        }
        return loss;
    }

    @Override
    public void close() {
        base.close();
    }
}
