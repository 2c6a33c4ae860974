package dev.hetflow.experiments.fidelity;

import dev.hetflow.datasets.manifest.DecodedLabel;
import dev.hetflow.datasets.tensor.Channel;
import java.util.ArrayList;
import java.util.List;

/** A sample's label channels read back: each channel's mean, as a class or a value in its unit. */
public final class Labels {

    private Labels() {
    }

    public static List<DecodedLabel> decode(List<Channel> channels, float[] values, int h, int w) {
        int plane = h * w;
        List<DecodedLabel> out = new ArrayList<>();
        for (int c = 0; c < channels.size(); c++) {
            Channel channel = channels.get(c);
            if (!Channel.LABEL.equals(channel.kind())) {
                continue;
            }
            double sum = 0;
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                sum += values[i];
            }
            double mean = sum / plane;
            if (channel.discrete()) {
                int level = Double.isFinite(mean) ? channel.decodeLevel(mean) : -1;
                out.add(new DecodedLabel(channel.name(), channel.unit(), level, level, 0));
            } else {
                out.add(new DecodedLabel(channel.name(), channel.unit(), channel.decode(mean), -1, 0));
            }
        }
        return out;
    }

    /** The decoded value of channel {@code name} (a class as its index). */
    public static double value(List<DecodedLabel> labels, String name) {
        return labels.stream().filter(l -> l.channel().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no label channel " + name)).value();
    }
}
