package dev.hetflow.experiments.data;

import dev.hetflow.datasets.tensor.Channel;
import java.util.List;
import java.util.function.LongFunction;

/**
 * A data set loaded for the experiments, always in the heterogeneous layout (image channels, then label channels);
 * the homogeneous layout is its first {@link #imageDims()} values per sample. Training samples come with fresh
 * dequantization noise on every read; held-out ones with one fixed draw.
 *
 * @param name          mnist, piv or cifar10
 * @param channels      every channel, images first
 * @param height        H
 * @param width         W
 * @param trainCount    training samples
 * @param train         training sample {@code i} (C*H*W normalized values), made or looked up on demand, its
 *                      dequantization noise drawn afresh on every call
 * @param valid         held-out samples
 * @param trainClasses  classes of the first training samples held in memory (MNIST, CIFAR-10), else null
 * @param validClasses  classes of the held-out samples (MNIST, CIFAR-10), else null
 * @param trainImages   the image part of the in-memory training samples (for labellers), else null
 */
public record Dataset(String name, List<Channel> channels, int height, int width, long trainCount,
        LongFunction<float[]> train, float[][] valid, int[] trainClasses, int[] validClasses, float[][] trainImages) {

    public int imageChannels() {
        return (int) channels.stream().filter(c -> Channel.IMAGE.equals(c.kind())).count();
    }

    public int labelChannels() {
        return channels.size() - imageChannels();
    }

    public int imageDims() {
        return imageChannels() * height * width;
    }

    public int labelDims() {
        return labelChannels() * height * width;
    }

    public int dims() {
        return channels.size() * height * width;
    }

    /** Channels of one layout: all of them (heterogeneous) or the image channels only. */
    public List<Channel> channels(boolean heterogeneous) {
        return heterogeneous ? channels : channels.subList(0, imageChannels());
    }
}
