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

    /** Every label channel of {@code sample}, each read as one value (see {@link #decode}). */
    public List<DecodedLabel> labels(TensorSample sample) {
        requireShape(sample);
        return decode(manifest.channels(), sample.values(), sample.height(), sample.width());
    }

    /**
     * The label channels of a (C, H, W) tensor, each read as one value: its mean over the plane, clipped to the
     * valid range [0, 1] (flagged {@link DecodedLabel#clipped()}), decoded into a class or the channel's unit. When
     * one-hot channels ({@code class_0} ... ) lie beside the {@code class} channel, the class is the one whose
     * indicator has the largest mean (argmax decoding) and the indicators are not listed themselves. A non-finite
     * mean decodes to NaN (level -1), flagged as clipped.
     */
    public static List<DecodedLabel> decode(List<Channel> channels, float[] values, int height, int width) {
        int plane = height * width;
        if (values.length != channels.size() * plane) {
            throw new IllegalArgumentException("expected " + channels.size() + "x" + height + "x" + width
                    + " values, got " + values.length);
        }
        int oneHotFirst = -1;
        for (int c = 0; c < channels.size(); c++) {
            if (channels.get(c).name().equals(ONE_HOT_PREFIX + 0)) {
                oneHotFirst = c;
            }
        }
        List<DecodedLabel> out = new ArrayList<>();
        for (int c = 0; c < channels.size(); c++) {
            Channel channel = channels.get(c);
            if (!Channel.LABEL.equals(channel.kind()) || channel.name().startsWith(ONE_HOT_PREFIX)) {
                continue;
            }
            double mean = mean(values, c, plane);
            double spread = spread(values, c, plane, mean);
            if (!Double.isFinite(mean)) {
                out.add(new DecodedLabel(channel.name(), channel.unit(), Double.NaN, -1, spread, true));
                continue;
            }
            boolean clipped = mean < 0 || mean > 1;
            double v = Math.max(0, Math.min(1, mean));
            if (channel.discrete() && oneHotFirst >= 0 && channel.name().equals("class")) {
                int best = 0;
                double bestMean = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < channel.levels() && oneHotFirst + k < channels.size(); k++) {
                    double m = mean(values, oneHotFirst + k, plane);
                    if (m > bestMean) {
                        bestMean = m;
                        best = k;
                    }
                }
                boolean outside = !(bestMean >= 0 && bestMean <= 1);
                out.add(new DecodedLabel(channel.name(), channel.unit(), best, best, spread, outside));
            } else if (channel.discrete()) {
                int level = channel.decodeLevel(v);
                out.add(new DecodedLabel(channel.name(), channel.unit(), level, level, spread, clipped));
            } else {
                out.add(new DecodedLabel(channel.name(), channel.unit(), channel.decode(v), -1, spread, clipped));
            }
        }
        return out;
    }

    /** Names of one-hot class indicators ({@code MnistSource.ONE_HOT_PREFIX}). */
    private static final String ONE_HOT_PREFIX = "class_";

    private static double mean(float[] values, int c, int plane) {
        double sum = 0;
        for (int i = c * plane; i < (c + 1) * plane; i++) {
            sum += values[i];
        }
        return sum / plane;
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

    private static double spread(float[] values, int c, int plane, double mean) {
        double sum = 0;
        for (int i = c * plane; i < (c + 1) * plane; i++) {
            double d = values[i] - mean;
            sum += d * d;
        }
        return Math.sqrt(sum / plane);
    }
}
