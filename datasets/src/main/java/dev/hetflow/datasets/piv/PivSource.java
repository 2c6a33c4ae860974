package dev.hetflow.datasets.piv;

import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.datasets.tensor.IndexedSource;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.SampleStream;
import dev.hetflow.datasets.tensor.StreamOptions;
import dev.hetflow.datasets.tensor.TensorAssembler;
import dev.hetflow.datasets.tensor.TensorSample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.SplittableRandom;

/**
 * Synthetic PIV as a data set: channels {@code frame_a, frame_b} (8-bit grey levels) and, heterogeneous, the
 * displacement {@code u, v} in px spanning {@code +-(maxDisplacement + 1)}, so every label lies strictly inside
 * (0, 1); with {@link dev.hetflow.datasets.tensor.LabelNoise#PLANES} (vector labels) each label pixel is
 * dequantized on its own. Train and test draw from different seeds; samples are generated as they are read.
 */
public final class PivSource implements IndexedSource {

    public static final String SOURCE = "piv";
    private static final long DEQUANTIZATION_SALT = 0x5DEECE66DL;

    private final PivSpec spec;
    private final StreamOptions options;
    private final PivSynthesizer synthesizer;
    private final List<Channel> channels;

    public PivSource(PivSpec spec, StreamOptions options) {
        this.spec = spec;
        this.options = options;
        this.synthesizer = new PivSynthesizer(spec, PivSynthesizer.mix(options.seed(), -1 - options.split().ordinal()));
        List<Channel> list = new ArrayList<>();
        list.add(Channel.greyLevels("frame_a"));
        list.add(Channel.greyLevels("frame_b"));
        if (options.layout() == Layout.HETEROGENEOUS) {
            double range = spec.maxDisplacement() + 1;
            list.add(Channel.continuousLabel("u", "px", -range, range));
            list.add(Channel.continuousLabel("v", "px", -range, range));
        }
        this.channels = Collections.unmodifiableList(list);
    }

    public PivSynthesizer synthesizer() {
        return synthesizer;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    /**
     * The inverse of {@link #spec()} for one split: the PIV parameters, seed, dequantization and label noise a manifest's spec
     * strings carry, drawing {@code count} pairs of {@code split} (synthetic: regenerated, not read).
     */
    public static PivSource fromSpec(java.util.Map<String, String> spec, dev.hetflow.datasets.Split split,
            long count) {
        String labels = spec.get("labels");
        StreamOptions options = new StreamOptions(split, count, Long.parseLong(PivSpec.value(spec, "seed")),
                dev.hetflow.datasets.tensor.Layout.HETEROGENEOUS,
                dev.hetflow.datasets.tensor.Dequantization.parse(PivSpec.value(spec, "dequantization")),
                labels == null ? dev.hetflow.datasets.tensor.LabelNoise.CONSTANT
                        : dev.hetflow.datasets.tensor.LabelNoise.parse(labels),
                dev.hetflow.datasets.tensor.ClassEncoding.ORDINAL);
        return new PivSource(PivSpec.fromMap(spec), options);
    }

    @Override
    public SortedMap<String, String> spec() {
        SortedMap<String, String> map = options.toMap(SOURCE);
        map.putAll(spec.toMap());
        return map;
    }

    @Override
    public List<Channel> channels() {
        return channels;
    }

    @Override
    public int height() {
        return spec.height();
    }

    @Override
    public int width() {
        return spec.width();
    }

    @Override
    public long count() {
        return options.count();
    }

    /** Sample {@code index} as a normalized tensor; the same for the same spec, options and index. */
    @Override
    public TensorSample tensor(long index) {
        return toTensor(synthesizer.sample(index));
    }

    /** A synthesized pair as a normalized tensor in this source's layout. */
    public TensorSample toTensor(PivSample s) {
        SplittableRandom noise = new SplittableRandom(PivSynthesizer.mix(options.seed() ^ DEQUANTIZATION_SALT,
                s.index()));
        TensorAssembler tensor = new TensorAssembler(channels.size(), spec.height(), spec.width())
                .levels(0, channels.get(0), s.frameA(), options.dequantization(), noise)
                .levels(1, channels.get(1), s.frameB(), options.dequantization(), noise);
        if (options.layout() == Layout.HETEROGENEOUS) {
            if (spec.labelMode() == LabelMode.VECTOR) {
                tensor.labelPlane(2, channels.get(2), s.u()[0], options.labelNoise(), options.dequantization(), noise)
                        .labelPlane(3, channels.get(3), s.v()[0], options.labelNoise(), options.dequantization(),
                                noise);
            } else {
                tensor.field(2, channels.get(2), s.u()).field(3, channels.get(3), s.v());
            }
        }
        return new TensorSample(s.index(), channels.size(), spec.height(), spec.width(), tensor.values());
    }

    @Override
    public SampleStream open() {
        return new SampleStream() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < options.count();
            }

            @Override
            public TensorSample next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return tensor(next++);
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
