package dev.hetflow.sylvester.vae;

/**
 * Layout of one NCHW example: {@code imageChannels} 8-bit channels (values k/255) first, then
 * {@code labelChannels} continuous channels in (0,1), on a square 28x28 or 32x32 grid.
 */
public record ChannelLayout(int imageChannels, int labelChannels, int height, int width) {

    public ChannelLayout {
        if (imageChannels < 0 || labelChannels < 0 || imageChannels + labelChannels == 0) {
            throw new IllegalArgumentException("need >= 0 image and label channels and at least one channel, got "
                    + imageChannels + " image and " + labelChannels + " label channels");
        }
        if (height != width || (height != 28 && height != 32)) {
            throw new IllegalArgumentException("the conv encoder/decoder handle 28x28 and 32x32 inputs, got "
                    + height + "x" + width);
        }
    }

    public int channels() {
        return imageChannels + labelChannels;
    }

    /** Number of dimensions of one example, the denominator of bits/dim. */
    public int dimensions() {
        return channels() * height * width;
    }

    public long[] exampleShape() {
        return new long[] {channels(), height, width};
    }
}
