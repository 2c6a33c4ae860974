package dev.hetflow.datasets.tensor;

import dev.hetflow.datasets.InvalidSpecException;
import dev.hetflow.datasets.Split;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What every data set stream is asked for, whatever its source.
 *
 * @param split          train or test
 * @param count          samples to stream, >= 1
 * @param seed           seeds synthetic samples and dequantization noise
 * @param layout         heterogeneous (labels as channels) or homogeneous
 * @param dequantization of the discrete image levels
 * @param labelNoise     label channels as constant planes or with per-pixel dequantization noise (heterogeneous)
 * @param classes        a class label as its ordinal channel alone or with one-hot channels beside it
 */
public record StreamOptions(Split split, long count, long seed, Layout layout, Dequantization dequantization,
                            LabelNoise labelNoise, ClassEncoding classes) {

    /** No single stream is larger: 10^9 32x32 PIV samples are already 16 TB of records. */
    public static final long MAX_COUNT = 1_000_000_000L;

    public StreamOptions {
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(dequantization, "dequantization");
        Objects.requireNonNull(labelNoise, "labelNoise");
        Objects.requireNonNull(classes, "classes");
        if (count < 1 || count > MAX_COUNT) {
            throw new InvalidSpecException("count must be 1.." + MAX_COUNT + ", got " + count);
        }
    }

    /** Constant label planes and an ordinal class channel: the layout before label noise existed. */
    public StreamOptions(Split split, long count, long seed, Layout layout, Dequantization dequantization) {
        this(split, count, seed, layout, dequantization, LabelNoise.CONSTANT, ClassEncoding.ORDINAL);
    }

    public StreamOptions withCount(long newCount) {
        return new StreamOptions(split, newCount, seed, layout, dequantization, labelNoise, classes);
    }

    public StreamOptions withLabels(LabelNoise newNoise, ClassEncoding newClasses) {
        return new StreamOptions(split, count, seed, layout, dequantization, newNoise, newClasses);
    }

    /** The canonical strings of these options, to merge into a source's spec. */
    public SortedMap<String, String> toMap(String source) {
        SortedMap<String, String> map = new TreeMap<>();
        map.put("source", source);
        map.put("split", split.wireName());
        map.put("count", Long.toString(count));
        map.put("seed", Long.toString(seed));
        map.put("layout", layout.wireName());
        map.put("dequantization", dequantization.wireName());
        // only when they differ from the original layout, so that earlier specs keep their hashes
        if (labelNoise != LabelNoise.CONSTANT) {
            map.put("labels", labelNoise.wireName());
        }
        if (classes != ClassEncoding.ORDINAL) {
            map.put("classes", classes.wireName());
        }
        return map;
    }
}
