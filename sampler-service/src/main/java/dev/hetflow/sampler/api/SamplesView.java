package dev.hetflow.sampler.api;

import dev.hetflow.datasets.manifest.DecodedLabel;
import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.sampler.sampling.AnnotatedSample;
import dev.hetflow.sampler.sampling.Samples;
import java.util.List;

/**
 * The JSON answer of the samples and neighbours endpoints.
 *
 * @param model       the model id
 * @param version     the version that produced the samples
 * @param seed        the seed used
 * @param temperature latent standard deviation
 * @param steps       solver steps, 0 without a solver
 * @param shape       [C, H, W] of each sample
 * @param channels    channel layout: names, kinds, units
 * @param samples     each sample's normalized values and decoded labels
 */
record SamplesView(String model, int version, long seed, double temperature, int steps, List<Integer> shape,
                   List<Channel> channels, List<SampleView> samples) {

    /**
     * @param index  position in the answer
     * @param labels decoded label channels: class with the channel's spread, or u, v in px
     * @param x      C*H*W values in (0,1), channel-major
     */
    record SampleView(int index, List<DecodedLabel> labels, float[] x) {
    }

    static SamplesView of(Samples s) {
        return new SamplesView(s.modelId(), s.version(), s.seed(), s.temperature(), s.steps(), s.dataset().shape(),
                s.dataset().channels(), s.samples().stream().map(SamplesView::view).toList());
    }

    private static SampleView view(AnnotatedSample sample) {
        return new SampleView(sample.index(), sample.labels(), sample.values());
    }
}
