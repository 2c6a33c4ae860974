package dev.hetflow.trainer.model;

/**
 * Shape of one sample: {@code imageChannels} 8-bit image channels first, then {@code labelChannels} continuous label
 * channels (heterogeneous data; 0 for homogeneous), on an H x W grid.
 */
public record SampleShape(int imageChannels, int labelChannels, int height, int width) {

    public SampleShape {
        if (imageChannels < 0 || labelChannels < 0 || imageChannels + labelChannels == 0 || height < 1 || width < 1) {
            throw new IllegalArgumentException("invalid sample shape: " + imageChannels + " image + " + labelChannels
                    + " label channels, " + height + "x" + width);
        }
    }

    public int channels() {
        return imageChannels + labelChannels;
    }

    /** D = C * H * W, the denominator of bits/dim. */
    public int dimensions() {
        return channels() * height * width;
    }

    /** Dimensions of the 8-bit image channels. */
    public int imageDimensions() {
        return imageChannels * height * width;
    }
}
