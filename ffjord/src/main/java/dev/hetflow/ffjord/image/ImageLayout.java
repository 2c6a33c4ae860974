package dev.hetflow.ffjord.image;

/**
 * An image with label channels, flattened NCHW: channels {@code [0, imageChannels)} are 8-bit image data,
 * channels {@code [imageChannels, imageChannels + labelChannels)} hold one label value per sample with
 * {@code labelLevels} possible levels.
 */
public record ImageLayout(int imageChannels, int labelChannels, int height, int width, int labelLevels) {

    public ImageLayout {
        if (imageChannels <= 0 || labelChannels < 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("invalid image layout " + imageChannels + "+" + labelChannels + "x"
                    + height + "x" + width);
        }
        if (labelChannels > 0 && labelLevels < 2) {
            throw new IllegalArgumentException("label channels need at least 2 levels, got " + labelLevels);
        }
    }

    public int channels() {
        return imageChannels + labelChannels;
    }

    public int dim() {
        return channels() * height * width;
    }

    public int imageDims() {
        return imageChannels * height * width;
    }

    public int labelDims() {
        return labelChannels * height * width;
    }
}
