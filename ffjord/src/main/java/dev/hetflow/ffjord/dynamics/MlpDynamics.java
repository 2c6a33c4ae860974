package dev.hetflow.ffjord.dynamics;

import dev.hetflow.ffjord.params.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * FFJORD's ODE net for flat data: time-conditioned affine layers with a pointwise activation between them
 * (ffjord/lib/layers/odefunc.py, ODEnet with layer_type concat / concatsquash). Forward propagates tangents with
 * tangent' = s'(a) * (W tangent) per layer; backward is the hand-written reverse pass of that map.
 *
 * <p>Parameters are registered layer by layer under {@code <prefix>.layers.<i>} (see {@link TimeLinear} for the names
 * inside a layer).
 */
public final class MlpDynamics implements Dynamics {

    private final MlpSpec spec;
    private final List<TimeLinear> layers = new ArrayList<>();
    private DataType dataType;

    public MlpDynamics(MlpSpec spec, ParameterStore.Builder params, String prefix) {
        this.spec = spec;
        for (int i = 0; i < spec.layerCount(); i++) {
            layers.add(new TimeLinear(params, prefix + ".layers." + i, spec.width(i), spec.width(i + 1),
                    spec.conditioning()));
        }
    }

    public MlpSpec spec() {
        return spec;
    }

    @Override
    public void bind(ParameterStore store) {
        dataType = store.dataType();
        layers.forEach(l -> l.bind(store));
    }

    @Override
    public int dim() {
        return spec.dim();
    }

    @Override
    public Tape newTape(int batch, int tangents) {
        if (dataType == null) {
            throw new IllegalStateException("bind(ParameterStore) must be called before evaluating the net");
        }
        if (batch <= 0 || tangents < 0) {
            throw new IllegalArgumentException("need batch > 0 and tangents >= 0, got " + batch + ", " + tangents);
        }
        return new MlpTape(batch, tangents);
    }

    @Override
    public INDArray forward(double t, Tape tape) {
        MlpTape tp = cast(tape);
        tp.time = t;
        int n = layers.size();
        for (int l = 0; l < n; l++) {
            layers.get(l).forward(t, tp.layer[l]);
            if (l < n - 1) {
                // primal: h = s(a), slope = s'(a); tangent blocks: s'(a) * (W v), the linear part already in a
                tp.activation[l].forward();
            }
        }
        return tp.output();
    }

    @Override
    public INDArray backward(Tape tape, double paramScale) {
        MlpTape tp = cast(tape);
        int n = layers.size();
        for (int l = n - 1; l >= 0; l--) {
            if (l < n - 1) {
                // layer l + 1 wrote dL/d(its input) into layer l's ga: make it dL/da_l
                tp.activation[l].backward();
            }
            layers.get(l).backward(tp.time, tp.layer[l], paramScale);
        }
        return tp.gradInput;
    }

    @Override
    public <R> R accept(DynamicsVisitor<R> visitor) {
        return visitor.mlp(this);
    }

    /** Each layer's parameters, input layer first, as the layers hand them out (after {@link #bind}). */
    public List<TimeLinearParameters> layerParameters() {
        return layers.stream().map(TimeLinear::parameters).toList();
    }

    private static MlpTape cast(Tape tape) {
        if (tape instanceof MlpTape t) {
            return t;
        }
        throw new IllegalArgumentException("tape was not made by an MlpDynamics");
    }

    private final class MlpTape implements Tape {
        final int batch;
        final int tangents;
        final TimeLinear.LayerBuffers[] layer;
        final StackedActivation[] activation;
        final INDArray gradInput;
        final INDArray input;
        final INDArray gradOutput;
        double time;

        MlpTape(int batch, int tangents) {
            this.batch = batch;
            this.tangents = tangents;
            int rows = (1 + tangents) * batch;
            int n = layers.size();
            layer = new TimeLinear.LayerBuffers[n];
            activation = new StackedActivation[n - 1];
            INDArray ones = Nd4j.ones(dataType, 1, rows);
            input = Nd4j.create(dataType, rows, spec.dim());
            gradInput = Nd4j.create(dataType, batch, spec.dim());
            INDArray x = input;
            for (int l = 0; l < n; l++) {
                int out = layers.get(l).out;
                INDArray a = Nd4j.create(dataType, rows, out);
                INDArray ga = Nd4j.create(dataType, rows, out);
                INDArray gx = l == 0 ? gradInput : layer[l - 1].ga;
                layer[l] = layers.get(l).buffers(x, a, ga, gx, batch, ones);
                if (l < n - 1) {
                    x = Nd4j.create(dataType, rows, out);
                    activation[l] = new StackedActivation(spec.activation(), a, x, ga, batch);
                }
            }
            gradOutput = layer[n - 1].ga;
        }

        @Override
        public int batch() {
            return batch;
        }

        @Override
        public int tangents() {
            return tangents;
        }

        @Override
        public INDArray input() {
            return input;
        }

        @Override
        public INDArray output() {
            return layer[layers.size() - 1].a;
        }

        @Override
        public INDArray gradOutput() {
            return gradOutput;
        }
    }
}
