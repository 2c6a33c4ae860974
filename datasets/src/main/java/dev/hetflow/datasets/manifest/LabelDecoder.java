package dev.hetflow.datasets.manifest;

import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.datasets.tensor.TensorSample;
import java.util.ArrayList;
import java.util.List;

/** Turns normalized tensors of a data set back into classes, pixels and grey levels, using its manifest. */
public final class LabelDecoder {

    private final DatasetManifest manifest;

    public LabelDecoder(DatasetManifest manifest) {
        this.manifest = manifest;
    }

    /** Every label channel of {@code sample}, each read as one value (the channel's mean). */
    public List<DecodedLabel> labels(TensorSample sample) {
        requireShape(sample);
        List<DecodedLabel> out = new ArrayList<>();
        for (int c = 0; c < manifest.channels().size(); c++) {
            Channel channel = manifest.channels().get(c);
            if (!Channel.LABEL.equals(channel.kind())) {
                continue;
            }
            double mean = sample.channelMean(c);
            double spread = spread(sample, c, mean);
            if (channel.discrete()) {
                int level = channel.decodeLevel(mean);
                out.add(new DecodedLabel(channel.name(), channel.unit(), level, level, spread));
            } else {
                out.add(new DecodedLabel(channel.name(), channel.unit(), channel.decode(mean), -1, spread));
            }
        }
        return out;
    }

    /** The class of a discrete label channel (e.g. {@code class}), from the channel's mean. */
    public int decodeClass(TensorSample sample, String channelName) {
        Channel channel = channel(channelName);
        return channel.decodeLevel(sample.channelMean(manifest.channelIndex(channelName)));
    }

    /** A continuous channel per pixel in its unit (e.g. {@code u} in px). */
    public double[] decodeField(TensorSample sample, String channelName) {
        Channel channel = channel(channelName);
        int c = manifest.channelIndex(channelName);
        int plane = sample.height() * sample.width();
        double[] out = new double[plane];
        for (int i = 0; i < plane; i++) {
            out[i] = channel.decode(sample.values()[c * plane + i]);
        }
        return out;
    }

    /** A discrete channel per pixel as levels (e.g. an image's grey levels 0..255), unsigned in bytes. */
    public byte[] decodeLevels(TensorSample sample, String channelName) {
        Channel channel = channel(channelName);
        int c = manifest.channelIndex(channelName);
        int plane = sample.height() * sample.width();
        byte[] out = new byte[plane];
        for (int i = 0; i < plane; i++) {
            out[i] = (byte) channel.decodeLevel(sample.values()[c * plane + i]);
        }
        return out;
    }

    private Channel channel(String name) {
        int c = manifest.channelIndex(name);
        if (c < 0) {
            throw new IllegalArgumentException("data set " + manifest.id() + " has no channel " + name);
        }
        return manifest.channels().get(c);
    }

    private void requireShape(TensorSample sample) {
        List<Integer> shape = manifest.shape();
        if (sample.channels() != shape.get(0) || sample.height() != shape.get(1) || sample.width() != shape.get(2)) {
            throw new IllegalArgumentException("sample shape " + sample.channels() + "x" + sample.height() + "x"
                    + sample.width() + " does not match data set " + manifest.id() + " " + shape);
        }
    }

    private static double spread(TensorSample sample, int c, double mean) {
        int plane = sample.height() * sample.width();
        double sum = 0;
        for (int i = c * plane; i < (c + 1) * plane; i++) {
            double d = sample.values()[i] - mean;
            sum += d * d;
        }
        return Math.sqrt(sum / plane);
    }
}
