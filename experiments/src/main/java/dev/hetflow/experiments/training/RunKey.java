package dev.hetflow.experiments.training;

/**
 * One cell of Table I.
 *
 * @param family        FFJORD or SNF
 * @param dataset       mnist, piv or cifar10
 * @param heterogeneous labels stacked as channels, or the image channels only
 * @param variant       what sets this run apart from Table I's run of the same model and data (e.g. a label
 *                      representation), empty for Table I's
 */
public record RunKey(ModelFamily family, String dataset, boolean heterogeneous, String variant) {

    public RunKey {
        variant = variant == null ? "" : variant;
    }

    /** A run of Table I. */
    public RunKey(ModelFamily family, String dataset, boolean heterogeneous) {
        this(family, dataset, heterogeneous, "");
    }

    /** {@code ffjord} or {@code snf}, as reports name the model. */
    public String model() {
        return family.id();
    }

    public String layout() {
        return heterogeneous ? "heterogeneous" : "homogeneous";
    }

    /** e.g. {@code ffjord-mnist-heterogeneous}, with the variant after it when there is one. */
    public String id() {
        return model() + "-" + dataset + "-" + layout() + (variant.isEmpty() ? "" : "-" + variant);
    }
}
