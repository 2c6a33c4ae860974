package dev.hetflow.trainer.model;

/** How the physics-aware PIV FFJORD ({@link FfjordPivSpec}) models its u and v label planes. */
public enum PivLabels {
    /**
     * Each plane's noise expanded about its mean, the mean scaled about a learnt centre
     * ({@link dev.hetflow.ffjord.image.PairExpansion}); the CNF blocks move labels and frames, with an exact
     * label-mean term ({@link dev.hetflow.ffjord.dynamics.LabelMeanDynamics}).
     */
    AFFINE,
    /**
     * Labels first, in closed form: each plane's learnt 256-cell histogram and its pixels' positions in their cell
     * ({@link dev.hetflow.ffjord.image.PairCellExpansion}); the CNF blocks move the frames only
     * ({@link dev.hetflow.ffjord.dynamics.ImageChannelDynamics}), so a sampled label is one the data can hold.
     */
    CELLS
}
