package dev.hetflow.datasets.tensor;

import java.util.Objects;

/**
 * One channel of a heterogeneous tensor and how its values were normalized.
 *
 * <p>Every channel stores {@code v = (x - min) / (max - min)}. A discrete channel ({@code levels > 0}: 8-bit grey
 * levels, class indices) has {@code min = 0, max = levels} and stores level {@code k} as {@code x = k + 0.5}, or as
 * {@code x = k + u} with {@code u} uniform in [0, 1) when dequantized; both decode back with {@code floor(x)}, so
 * every stored value lies strictly inside (0, 1) except a dequantized {@code u = 0}. A continuous channel
 * ({@code levels = 0}, e.g. a PIV displacement in pixels) decodes with {@code x = min + v (max - min)}.
 *
 * @param name   e.g. {@code frame_a}, {@code red}, {@code class}, {@code u}
 * @param kind   {@link #IMAGE} or {@link #LABEL}
 * @param unit   of the decoded value: {@code grey level}, {@code class}, {@code px}
 * @param min    decoded value at v = 0
 * @param max    decoded value at v = 1
 * @param levels number of discrete levels, 0 for a continuous channel
 */
public record Channel(String name, String kind, String unit, double min, double max, int levels) {

    /** {@link #kind()} of a channel with image content. */
    public static final String IMAGE = "image";
    /** {@link #kind()} of a label stacked as an extra channel. */
    public static final String LABEL = "label";

    public Channel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        if (!IMAGE.equals(kind) && !LABEL.equals(kind)) {
            throw new IllegalArgumentException("channel " + name + ": kind must be image or label, got " + kind);
        }
        if (!(max > min)) {
            throw new IllegalArgumentException("channel " + name + ": max must exceed min, got " + min + ".." + max);
        }
        if (levels < 0) {
            throw new IllegalArgumentException("channel " + name + ": levels must be >= 0, got " + levels);
        }
        if (levels > 0 && (min != 0 || max != levels)) {
            throw new IllegalArgumentException("channel " + name + ": a discrete channel spans 0.." + levels);
        }
    }

    /** An 8-bit image channel (grey levels, or one colour's levels). */
    public static Channel greyLevels(String name) {
        return new Channel(name, IMAGE, "grey level", 0, 256, 256);
    }

    /** A class label channel with {@code classes} classes. */
    public static Channel classLabel(String name, int classes) {
        return new Channel(name, LABEL, "class", 0, classes, classes);
    }

    /** A continuous label channel spanning {@code min..max} in {@code unit}. */
    public static Channel continuousLabel(String name, String unit, double min, double max) {
        return new Channel(name, LABEL, unit, min, max, 0);
    }

    public boolean discrete() {
        return levels > 0;
    }

    /** The normalized value of a raw value {@code x} in this channel's unit. */
    public double normalize(double x) {
        return (x - min) / (max - min);
    }

    /**
     * Level {@code k} (0..levels-1) with offset {@code offset} in [0, 1): 0.5 for the cell centre, else dequantized.
     * The float is nudged, if rounding moved it, so that it always decodes back to {@code k}.
     */
    public float normalizeLevel(int k, double offset) {
        float v = (float) ((k + offset) / levels);
        // floor(x) > k exactly when x >= k + 1, and floor(x) < k when x < k: the same tests without a floor, as this
        // runs for every pixel of every streamed image
        while ((double) v * levels >= k + 1) {
            v = Math.nextDown(v);
        }
        while ((double) v * levels < k) {
            v = Math.nextUp(v);
        }
        return v;
    }

    /** The value in this channel's unit for a normalized value {@code v}. */
    public double decode(double v) {
        return min + v * (max - min);
    }

    /** The level (grey level, class) of a normalized value {@code v}, clamped to 0..levels-1. */
    public int decodeLevel(double v) {
        if (!discrete()) {
            throw new IllegalStateException("channel " + name + " is continuous; use decode()");
        }
        long k = (long) Math.floor(decode(v));
        return (int) Math.max(0, Math.min(levels - 1, k));
    }
}
