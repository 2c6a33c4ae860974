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
 * last level a squeeze, two more CNF blocks at 4C channels and a factor-out (ffjord/lib/multiscale_parallel / odenvp).
 * CNF parameters are named {@code scale<i>.cnf<j>}.
 *
 * <p>Labels stay in the flow down to the coarsest level. A level's C channels hold L label-derived channels (at the
 * first level the layout's label planes, its last L channels; at later levels the first L). The squeeze turns them
 * into 4L label-derived channels (input channel c becomes channels 4c..4c+3, see {@link Squeeze}); after the level's
 * squeezed CNF blocks a {@link ChannelPermutation} moves those 4L channels to the front, followed by the 4(C - L)
 * image-derived ones, and the factor-out keeps the 4L label-derived channels and half of the image-derived ones:
 * the next level has C' = 4L + 2(C - L) channels of which the first L' = 4L are label-derived. Only image-derived
 * dimensions leave the model before the coarsest level. The permutation is left out where it would be the identity
 * (every level after the first, since its labels are already in front), so a homogeneous model (L = 0) is FFJORD's
 * own: squeeze, factor-out of half the channels, no permutation.
 */
public final class ImageFlow {

    private ImageFlow() {
    }

    public static SequentialFlow build(ImageModelSpec spec, ParameterStore.Builder params, long seed) {
        ImageLayout l = spec.layout();
        List<FlowLayer> layers = new ArrayList<>();
        layers.add(new LogitTransform(spec.alpha()));
        int[] labels = new int[l.labelChannels()];
        for (int k = 0; k < labels.length; k++) {
            labels[k] = l.imageChannels() + k;
        }
        layers.add(level(spec, params, seed, 0, l.channels(), labels, l.height(), l.width()));
        return new SequentialFlow(layers);
    }

    /** One level at [c, h, w] whose channels {@code labels} (ascending) are label-derived. */
    private static FlowLayer level(ImageModelSpec spec, ParameterStore.Builder params, long seed, int scale, int c,
            int[] labels, int h, int w) {
        List<FlowLayer> layers = new ArrayList<>();
        layers.add(cnf(spec, params, seed, scale, 0, c, h, w));
        layers.add(cnf(spec, params, seed, scale, 1, c, h, w));
        if (scale < spec.scales() - 1) {
            layers.add(new Squeeze(c, h, w));
            layers.add(cnf(spec, params, seed, scale, 2, 4 * c, h / 2, w / 2));
            layers.add(cnf(spec, params, seed, scale, 3, 4 * c, h / 2, w / 2));
            int[] order = labelsFirst(squeezed(labels), 4 * c);
            if (!identity(order)) {
                layers.add(new ChannelPermutation(order, h / 2, w / 2));
            }
            int labelled = 4 * labels.length;
            int next = labelled + 2 * (c - labels.length);
            int[] nextLabels = new int[labelled];
            for (int k = 0; k < labelled; k++) {
                nextLabels[k] = k;
            }
            layers.add(new FactorOut(next * (h / 2) * (w / 2),
                    level(spec, params, seed, scale + 1, next, nextLabels, h / 2, w / 2)));
        }
        return new SequentialFlow(layers);
    }

    /** The channels a squeeze makes of {@code channels}: c becomes 4c .. 4c + 3. */
    static int[] squeezed(int[] channels) {
        int[] out = new int[4 * channels.length];
        for (int k = 0; k < channels.length; k++) {
            for (int q = 0; q < 4; q++) {
                out[4 * k + q] = 4 * channels[k] + q;
            }
        }
        return out;
    }

    /** The order that puts {@code front} (ascending) first, then the other channels of {@code c} in order. */
    static int[] labelsFirst(int[] front, int c) {
        int[] order = new int[c];
        boolean[] taken = new boolean[c];
        int k = 0;
        for (int f : front) {
            order[k++] = f;
            taken[f] = true;
        }
        for (int i = 0; i < c; i++) {
            if (!taken[i]) {
                order[k++] = i;
            }
        }
        return order;
    }

    private static boolean identity(int[] order) {
        for (int k = 0; k < order.length; k++) {
            if (order[k] != k) {
                return false;
            }
        }
        return true;
    }

    private static Cnf cnf(ImageModelSpec spec, ParameterStore.Builder params, long seed, int scale, int block,
            int c, int h, int w) {
        ConvDynamics f = new ConvDynamics(new ConvSpec(c, h, w, spec.hidden(), spec.activation()), params,
                "scale" + scale + ".cnf" + block);
        return new Cnf(f, spec.cnf(), seed + 31L * scale + block);
    }
}
