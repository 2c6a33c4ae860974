package dev.hetflow.experiments.fidelity;

import dev.hetflow.datasets.manifest.DecodedLabel;
import dev.hetflow.datasets.manifest.LabelDecoder;
import dev.hetflow.datasets.tensor.Channel;
import java.util.List;

/** A sample's label channels read back: each channel's mean, as a class or a value in its unit. */
public final class Labels {

    private Labels() {
    }

    /** Each label channel's mean clipped to its range and decoded (one-hot classes by argmax): see LabelDecoder. */
    public static List<DecodedLabel> decode(List<Channel> channels, float[] values, int h, int w) {
        return LabelDecoder.decode(channels, values, h, w);
    }

    /** The decoded value of channel {@code name} (a class as its index). */
    public static double value(List<DecodedLabel> labels, String name) {
        return labels.stream().filter(l -> l.channel().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no label channel " + name)).value();
    }
}
