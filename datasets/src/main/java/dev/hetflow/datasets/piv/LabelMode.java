package dev.hetflow.datasets.piv;

import dev.hetflow.datasets.InvalidSpecException;
import java.util.Locale;

/** How the displacement label fills its two channels. */
public enum LabelMode {
    /** One (u, v) per sample, the mean displacement over the image, filling 2 constant channels (the paper's layout). */
    VECTOR,
    /** The displacement of every pixel centre. */
    FIELD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LabelMode parse(String name) {
        if (name != null) {
            for (LabelMode mode : values()) {
                if (mode.wireName().equalsIgnoreCase(name.trim())) {
                    return mode;
                }
            }
        }
        throw new InvalidSpecException("label mode must be 'vector' or 'field', got: " + name);
    }
}
