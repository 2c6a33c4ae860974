package dev.hetflow.datasets.piv;

import dev.hetflow.datasets.InvalidSpecException;
import java.util.Locale;

/** Which family of flows the synthesizer draws each sample's field from. */
public enum FlowKind {
    UNIFORM, RANKINE, LAMB_OSEEN, SHEAR, POISEUILLE, STAGNATION,
    /** Two or three fields of the kinds above, summed. */
    SUPERPOSITION,
    /** Any of the kinds above, chosen per sample. */
    RANDOM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FlowKind parse(String name) {
        if (name != null) {
            for (FlowKind kind : values()) {
                if (kind.wireName().equalsIgnoreCase(name.trim()) || kind.name().equalsIgnoreCase(name.trim())) {
                    return kind;
                }
            }
        }
        throw new InvalidSpecException("unknown flow '" + name + "'; one of uniform, rankine, lamb-oseen, shear, "
                + "poiseuille, stagnation, superposition, random");
    }
}
