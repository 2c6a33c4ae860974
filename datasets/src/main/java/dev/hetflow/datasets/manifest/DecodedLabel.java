package dev.hetflow.datasets.manifest;

/**
 * A label channel read back from a (generated) tensor.
 *
 * @param channel the channel's name, e.g. {@code class}, {@code u}
 * @param unit    {@code class}, {@code px}, ...
 * @param value   the channel's mean decoded into its unit (a class index as a number for class channels)
 * @param level   the class (or level) for discrete channels, -1 for continuous ones
 * @param spread  standard deviation of the normalized values over the channel: near 0 for a clean constant label
 * @param clipped the channel's mean lay outside [0, 1] and was clipped to the valid range before decoding (also a
 *                class decoded from one-hot channels whose largest mean lay outside [0, 1])
 */
public record DecodedLabel(String channel, String unit, double value, int level, double spread, boolean clipped) {

    public DecodedLabel(String channel, String unit, double value, int level, double spread) {
        this(channel, unit, value, level, spread, false);
    }

    /** How many of {@code labels} were clipped. */
    public static long clippedCount(java.util.List<DecodedLabel> labels) {
        return labels.stream().filter(DecodedLabel::clipped).count();
    }
}
