package dev.hetflow.experiments;

import dev.hetflow.experiments.training.ModelFamily;

/**
 * The label representations compared at equal wall time (issue 13, item 1), each with the model that trains it.
 * PIV: {@code planes}, the paper's label planes with per-pixel noise in the preset's heterogeneous FFJORD;
 * {@code subspace}, the physics-aware FFJORD with each plane's noise expanded about the plane mean and the density on
 * the means ({@code PivLabels.AFFINE}); {@code cells}, the same FFJORD with the labels first as learnt 256-cell
 * histograms ({@code PivLabels.CELLS}). MNIST: {@code ordinal}, the preset's heterogeneous FFJORD with the ordinal
 * class plane; {@code onehot}, the same model with ten one-hot class planes beside the ordinal one (argmax
 * decoding); {@code class-cells}, the class-aware FFJORD with the class first in closed form and one conv CNF block.
 */
enum LabelRepresentation {
    PLANES("piv", "planes", ModelFamily.FFJORD, false),
    SUBSPACE("piv", "subspace", ModelFamily.FFJORD_PAIR_AFFINE, false),
    CELLS("piv", "cells", ModelFamily.FFJORD_PAIR, false),
    ORDINAL("mnist", "ordinal", ModelFamily.FFJORD, false),
    ONEHOT("mnist", "onehot", ModelFamily.FFJORD, true),
    CLASS_CELLS("mnist", "class-cells", ModelFamily.FFJORD_CLASS, false);

    private final String dataset;
    private final String id;
    private final ModelFamily family;
    private final boolean oneHot;

    LabelRepresentation(String dataset, String id, ModelFamily family, boolean oneHot) {
        this.dataset = dataset;
        this.id = id;
        this.family = family;
        this.oneHot = oneHot;
    }

    /** The data set it labels: {@code piv} or {@code mnist}. */
    String dataset() {
        return dataset;
    }

    /** As the report names it, e.g. {@code subspace}. */
    String id() {
        return id;
    }

    ModelFamily family() {
        return family;
    }

    /** Whether it trains on MNIST's one-hot class layout. */
    boolean oneHot() {
        return oneHot;
    }
}
