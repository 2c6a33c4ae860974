package dev.hetflow.ffjord.dynamics;

/** How time enters a layer (FFJORD's layer types, Grathwohl et al. 2019, appendix; ffjord/lib/layers/diffeq_layers). */
public enum TimeConditioning {
    /** y = W x + b + t w: the layer sees time as one extra input. */
    CONCAT,
    /** y = (W x + b) * sigmoid(t g + c) + t u: time gates and shifts every output unit. */
    CONCATSQUASH
}
