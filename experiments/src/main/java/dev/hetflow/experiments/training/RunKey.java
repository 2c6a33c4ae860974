package dev.hetflow.experiments.training;

/**
 * One cell of Table I.
 *
 * @param family        FFJORD or SNF
 * @param dataset       mnist, piv or cifar10
 * @param heterogeneous labels stacked as channels, or the image channels only
 */
public record RunKey(ModelFamily family, String dataset, boolean heterogeneous) {

    /** {@code ffjord} or {@code snf}, as reports name the model. */
    public String model() {
        return family.id();
    }

    public String layout() {
        return heterogeneous ? "heterogeneous" : "homogeneous";
    }

    /** e.g. {@code ffjord-mnist-heterogeneous}. */
    public String id() {
        return model() + "-" + dataset + "-" + layout();
    }
}
