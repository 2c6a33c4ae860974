package dev.hetflow.experiments.training;

import dev.hetflow.experiments.Preset;
import dev.hetflow.trainer.model.ModelSpec;
import dev.hetflow.trainer.model.PivLabels;

/**
 * The model families of Table I; a preset says which spec of each it trains. FFJORD and SNF are the paper's and run
 * on every data set; FFJORD_PAIR is the physics-aware conv FFJORD for PIV pairs (kind {@code ffjord-piv}), trained
 * on PIV in the heterogeneous layout only (it needs the labels); FFJORD_CLASS is the class-aware conv FFJORD (kind
 * {@code ffjord-class}), heterogeneous MNIST and CIFAR-10 only, and CLASS_GAUSSIAN its closed-form first layer alone
 * (no CNF block: the class-conditional diagonal Gaussian), the ablation that shows what the CNF block adds.
 * FFJORD_PAIR_AFFINE is FFJORD_PAIR with the label planes as a subspace ({@code PivLabels.AFFINE}: each plane's noise
 * expanded about its mean, the density taken over the means), trained only in the label-representation comparison.
 */
public enum ModelFamily {
    FFJORD("ffjord"), SNF("snf"), FFJORD_PAIR("ffjord-pair"), FFJORD_CLASS("ffjord-class"), CLASS_GAUSSIAN("class-gaussian"),
    FFJORD_PAIR_AFFINE("ffjord-pair-affine");

    private final String id;

    ModelFamily(String id) {
        this.id = id;
    }

    /** As reports name it: {@code ffjord} or {@code snf}. */
    public String id() {
        return id;
    }

    /** The spec this preset trains (SNF's beta warms up over the preset's steps, not the run's). */
    public ModelSpec spec(Preset preset) {
        return switch (this) {
            case FFJORD -> preset.ffjordSpec();
            case SNF -> preset.snfSpec();
            case FFJORD_PAIR -> preset.ffjordPairSpec();
            case FFJORD_PAIR_AFFINE -> preset.ffjordPairSpec(PivLabels.AFFINE);
            case FFJORD_CLASS -> preset.ffjordClassSpec(1);
            case CLASS_GAUSSIAN -> preset.ffjordClassSpec(0);
        };
    }

    public int epochs(Preset preset) {
        return switch (this) {
            case FFJORD -> preset.ffjordEpochs();
            case SNF -> preset.snfEpochs();
            case FFJORD_PAIR, FFJORD_PAIR_AFFINE -> preset.pairEpochs();
            case FFJORD_CLASS, CLASS_GAUSSIAN -> preset.classEpochs();
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
