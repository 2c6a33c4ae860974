package dev.hetflow.experiments.training;

import dev.hetflow.experiments.Preset;
import dev.hetflow.trainer.model.ModelSpec;

/** The two model families of Table I; a preset says which spec of each it trains. */
public enum ModelFamily {
    FFJORD("ffjord"), SNF("snf");

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
        };
    }

    public int epochs(Preset preset) {
        return switch (this) {
            case FFJORD -> preset.ffjordEpochs();
            case SNF -> preset.snfEpochs();
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
