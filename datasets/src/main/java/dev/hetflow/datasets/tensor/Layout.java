package dev.hetflow.datasets.tensor;

import dev.hetflow.datasets.InvalidSpecException;
import java.util.Locale;

/** Whether labels ride along as extra channels. */
public enum Layout {
    /** Image channels followed by label channels (the paper's heterogeneous data). */
    HETEROGENEOUS,
    /** Image channels only, for the paper's comparison. */
    HOMOGENEOUS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Layout parse(String name) {
        if (name != null) {
            for (Layout layout : values()) {
                if (layout.wireName().equalsIgnoreCase(name.trim())) {
                    return layout;
                }
            }
        }
        throw new InvalidSpecException("layout must be 'heterogeneous' or 'homogeneous', got: " + name);
    }
}
