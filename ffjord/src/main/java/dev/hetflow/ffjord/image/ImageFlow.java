package dev.hetflow.ffjord.image;

import dev.hetflow.ffjord.cnf.Cnf;
import dev.hetflow.ffjord.cnf.FlowLayer;
import dev.hetflow.ffjord.cnf.SequentialFlow;
import dev.hetflow.ffjord.dynamics.ConvDynamics;
import dev.hetflow.ffjord.dynamics.ConvSpec;
import dev.hetflow.ffjord.params.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the multiscale image flow of {@link ImageModelSpec}: logit, then per level two CNF blocks, and below the
 * last level a squeeze, two more CNF blocks at 4C channels and a factor-out keeping 2C channels for the next level
 * (ffjord/lib/multiscale_parallel / odenvp). CNF parameters are named {@code scale<i>.cnf<j>}.
 */
public final class ImageFlow {

    private ImageFlow() {
    }

    public static SequentialFlow build(ImageModelSpec spec, ParameterStore.Builder params, long seed) {
        ImageLayout l = spec.layout();
        List<FlowLayer> layers = new ArrayList<>();
        layers.add(new LogitTransform(spec.alpha()));
        layers.add(level(spec, params, seed, 0, l.channels(), l.height(), l.width()));
        return new SequentialFlow(layers);
    }

    private static FlowLayer level(ImageModelSpec spec, ParameterStore.Builder params, long seed, int scale, int c,
            int h, int w) {
        List<FlowLayer> layers = new ArrayList<>();
        layers.add(cnf(spec, params, seed, scale, 0, c, h, w));
        layers.add(cnf(spec, params, seed, scale, 1, c, h, w));
        if (scale < spec.scales() - 1) {
            layers.add(new Squeeze(c, h, w));
            layers.add(cnf(spec, params, seed, scale, 2, 4 * c, h / 2, w / 2));
            layers.add(cnf(spec, params, seed, scale, 3, 4 * c, h / 2, w / 2));
            layers.add(new FactorOut(2 * c * (h / 2) * (w / 2),
                    level(spec, params, seed, scale + 1, 2 * c, h / 2, w / 2)));
        }
        return new SequentialFlow(layers);
    }

    private static Cnf cnf(ImageModelSpec spec, ParameterStore.Builder params, long seed, int scale, int block,
            int c, int h, int w) {
        ConvDynamics f = new ConvDynamics(new ConvSpec(c, h, w, spec.hidden(), spec.activation()), params,
                "scale" + scale + ".cnf" + block);
        return new Cnf(f, spec.cnf(), seed + 31L * scale + block);
    }
}
