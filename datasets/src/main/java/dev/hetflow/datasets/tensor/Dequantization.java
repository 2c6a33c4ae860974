package dev.hetflow.datasets.tensor;

import dev.hetflow.datasets.InvalidSpecException;
import java.util.Locale;
import java.util.random.RandomGenerator;

/** How discrete levels (grey levels, classes) become continuous values for a density model. */
public enum Dequantization {
    /** Level k is stored at its cell centre, x = k + 1/2. */
    NONE,
    /** Level k is stored as x = k + u, u uniform in [0, 1), drawn from a stream seeded by (seed, index). */
    UNIFORM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The offset within the level's cell. */
    public double offset(RandomGenerator rng) {
        return this == NONE ? 0.5 : rng.nextDouble();
    }

    public static Dequantization parse(String name) {
        if (name != null) {
            for (Dequantization d : values()) {
                if (d.wireName().equalsIgnoreCase(name.trim())) {
                    return d;
                }
            }
        }
        throw new InvalidSpecException("dequantization must be 'none' or 'uniform', got: " + name);
    }
}
