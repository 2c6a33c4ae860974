package dev.hetflow.datasets;

import java.util.Locale;

/** Which part of a data set: the reader's files for MNIST/CIFAR-10, a seed stream for synthetic PIV. */
public enum Split {
    TRAIN, TEST;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Split parse(String name) {
        if (name != null) {
            for (Split split : values()) {
                if (split.wireName().equalsIgnoreCase(name.trim())) {
                    return split;
                }
            }
        }
        throw new InvalidSpecException("split must be 'train' or 'test', got: " + name);
    }
}
