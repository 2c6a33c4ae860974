package dev.hetflow.datasets.tensor;

import dev.hetflow.datasets.InvalidSpecException;
import java.util.Locale;

/**
 * How a class label is laid out. An ordinal channel ((k + 1/2)/10 for class k) puts an unsure model's mass between
 * classes and makes 4 a neighbour of 3 and 5; one-hot channels (one per class, 1 for the class and 0 elsewhere,
 * decoded by the largest channel mean) do not.
 */
public enum ClassEncoding {
    /** One {@code class} channel holding the class index. */
    ORDINAL,
    /** The {@code class} channel and, beside it, one indicator channel {@code class_k} per class. */
    ONEHOT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ClassEncoding parse(String name) {
        if (name != null) {
            for (ClassEncoding e : values()) {
                if (e.wireName().equalsIgnoreCase(name.trim())) {
                    return e;
                }
            }
        }
        throw new InvalidSpecException("classes must be 'ordinal' or 'onehot', got: " + name);
    }
}
