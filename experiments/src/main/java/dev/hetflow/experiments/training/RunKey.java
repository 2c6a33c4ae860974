package dev.hetflow.experiments.training;

/**
 * One cell of Table I.
 *
 * @param model         ffjord or snf
 * @param dataset       mnist, piv or cifar10
 * @param heterogeneous labels stacked as channels, or the image channels only
 */
public record RunKey(String model, String dataset, boolean heterogeneous) {

    public String layout() {
        return heterogeneous ? "heterogeneous" : "homogeneous";
    }

    /** e.g. {@code ffjord-mnist-heterogeneous}. */
    public String id() {
        return model + "-" + dataset + "-" + layout();
    }
}
