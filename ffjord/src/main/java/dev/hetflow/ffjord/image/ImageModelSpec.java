package dev.hetflow.ffjord.image;

import dev.hetflow.ffjord.cnf.CnfConfig;
import dev.hetflow.ffjord.dynamics.Activation;
import java.util.List;

/**
 * FFJORD's multiscale image model (ODENVP): {@code scales} levels, two CNF blocks per resolution with conv dynamics
 * of the given hidden channel counts, squeeze and factor-out of half the image-derived channels between levels (the
 * label-derived ones are all kept, see {@link ImageFlow}); a logit transform with {@code alpha} in front. The paper's MNIST model: 3 scales, hidden [64, 64, 64], softplus, alpha 1e-6.
 */
public record ImageModelSpec(ImageLayout layout, int scales, List<Integer> hidden, Activation activation,
        double alpha, CnfConfig cnf) {

    public ImageModelSpec {
        if (layout == null || hidden == null || activation == null || cnf == null) {
            throw new IllegalArgumentException("image model spec has a missing field");
        }
        if (scales < 1) {
            throw new IllegalArgumentException("need at least one scale, got " + scales);
        }
        int div = 1 << (scales - 1);
        if (layout.height() % div != 0 || layout.width() % div != 0) {
            throw new IllegalArgumentException(scales + " scales need H and W divisible by " + div + ", got "
                    + layout.height() + "x" + layout.width());
        }
        hidden = List.copyOf(hidden);
    }
}
