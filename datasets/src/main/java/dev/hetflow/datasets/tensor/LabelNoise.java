package dev.hetflow.datasets.tensor;

import dev.hetflow.datasets.InvalidSpecException;
import java.util.Locale;

/**
 * How a label becomes a channel of the heterogeneous layout.
 *
 * <p>A label repeated over all H x W pixels puts the data on a line inside those dimensions: a degenerate density
 * whose likelihood a flow can raise without bound by contracting the copies. {@link #PLANES} gives every label pixel
 * its own dequantization noise, exactly as an image pixel gets: a class k of L becomes (k + u)/L per pixel, a
 * continuous label with normalized value v becomes (floor(256 v) + u)/256 per pixel ({@link #PLANE_LEVELS} cells,
 * the images' grid), u uniform in [0, 1) drawn per pixel. The density is then proper (bounded by L, or 256, per
 * label dimension), the label still decodes from the channel's mean, and a continuous label loses at most half a
 * cell (1/512 of its range) to the grid.
 */
public enum LabelNoise {
    /** The label as an exact constant plane (each pixel at its cell centre); kept for comparison. */
    CONSTANT,
    /** Fresh per-pixel dequantization noise on each label plane (with {@link Dequantization#UNIFORM}). */
    PLANES;

    /** Cells of a continuous label's plane noise: the images' 8-bit grid. */
    public static final int PLANE_LEVELS = 256;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LabelNoise parse(String name) {
        if (name != null) {
            for (LabelNoise n : values()) {
                if (n.wireName().equalsIgnoreCase(name.trim())) {
                    return n;
                }
            }
        }
        throw new InvalidSpecException("labels must be 'planes' or 'constant', got: " + name);
    }
}
