package dev.hetflow.datasets.manifest;

import dev.hetflow.datasets.SpecHash;
import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.datasets.tensor.DatasetSource;
import dev.hetflow.datasets.record.TensorRecordFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a consumer needs to read a data set's tensor records and decode their labels. It depends only on the
 * spec, so publishing the same spec twice yields the same manifest (and the same id).
 *
 * @param manifestVersion version of this record's shape, {@link #VERSION}
 * @param id              {@code <source>-<split>-<first 16 hex of specSha256>}
 * @param source          {@code piv}, {@code mnist}, {@code cifar10}
 * @param split           {@code train} or {@code test}
 * @param count           samples in the data set, indices 0..count-1
 * @param shape           (C, H, W) of every tensor
 * @param dtype           element type of the tensors, {@code float32}
 * @param recordFormat    version of the tensor record format ({@link TensorRecordFormat#VERSION})
 * @param channels        channel layout, in tensor order
 * @param normalization   how channel values were normalized, {@link #NORMALIZATION}
 * @param dequantization  {@code none} or {@code uniform}
 * @param layout          {@code heterogeneous} or {@code homogeneous}
 * @param spec            the generator or reader spec, canonical strings
 * @param specSha256      sha256 of the canonical spec ({@link SpecHash})
 * @param topic           the Kafka topic holding the records
 */
public record DatasetManifest(int manifestVersion, String id, String source, String split, long count,
                              List<Integer> shape, String dtype, int recordFormat, List<Channel> channels,
                              String normalization, String dequantization, String layout, Map<String, String> spec,
                              String specSha256, String topic) {

    public static final int VERSION = 1;
    public static final String NORMALIZATION = "v = (x - min) / (max - min); discrete channels (levels > 0) store "
            + "level k as x = k + 0.5, or x = k + u with u ~ U[0, 1) when dequantized, and decode k = floor(x)";

    public DatasetManifest {
        Objects.requireNonNull(id, "id");
        shape = List.copyOf(shape);
        channels = List.copyOf(channels);
        spec = new TreeMap<>(spec);
        if (shape.size() != 3 || shape.get(0) != channels.size()) {
            throw new IllegalArgumentException("shape " + shape + " does not match " + channels.size() + " channels");
        }
    }

    /** The manifest of a source, its records on {@code topic}. */
    public static DatasetManifest of(DatasetSource source, String topic) {
        var spec = source.spec();
        String sha = SpecHash.of(spec);
        return new DatasetManifest(VERSION, idOf(source), source.source(), spec.get("split"), source.count(),
                List.of(source.channels().size(), source.height(), source.width()), TensorRecordFormat.DTYPE,
                TensorRecordFormat.VERSION, source.channels(), NORMALIZATION, spec.get("dequantization"),
                spec.get("layout"), spec, sha, topic);
    }

    /** The id a source's data set gets: the same spec always gives the same id. */
    public static String idOf(DatasetSource source) {
        var spec = source.spec();
        return source.source() + "-" + spec.get("split") + "-" + SpecHash.of(spec).substring(0, 16);
    }

    /** Index of the channel named {@code name}, or -1. */
    public int channelIndex(String name) {
        for (int c = 0; c < channels.size(); c++) {
            if (channels.get(c).name().equals(name)) {
                return c;
            }
        }
        return -1;
    }
}
