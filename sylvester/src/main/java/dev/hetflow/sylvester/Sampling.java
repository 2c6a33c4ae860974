package dev.hetflow.sylvester;

import dev.hetflow.sylvester.vae.ChannelLayout;
import dev.hetflow.sylvester.vae.VaeGraph;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Prior samples through the decoder, read out as likelihood means or as draws of the likelihood. */
final class Sampling {

    private Sampling() {
    }

    /**
     * The likelihood means for latents z: image channels the logistic location clipped to [0,1] (not rounded to
     * the 8-bit bins), label channels the Gaussian mean sigmoid(m). [n, C, H, W], float.
     */
    static INDArray means(SameDiff sd, ChannelLayout layout, INDArray z) {
        List<String> outputs = new ArrayList<>();
        if (layout.imageChannels() > 0) {
            outputs.add(VaeGraph.PRIOR_IMAGE_MEAN);
        }
        if (layout.labelChannels() > 0) {
            outputs.add(VaeGraph.PRIOR_LABEL_MEAN);
        }
        Map<String, INDArray> out = sd.output(Map.of(VaeGraph.Z_PRIOR, z), outputs);
        List<INDArray> parts = new ArrayList<>();
        for (String name : outputs) {
            parts.add(Transforms.min(Transforms.max(out.get(name), 0.0, true), 1.0, false));
        }
        INDArray all = parts.size() == 1 ? parts.get(0) : Nd4j.concat(1, parts.toArray(new INDArray[0]));
        return all.castTo(DataType.FLOAT);
    }

    static INDArray sample(SameDiff sd, ChannelLayout layout, INDArray z, SampleMode mode, Random random) {
        List<String> outputs = new ArrayList<>();
        if (layout.imageChannels() > 0) {
            outputs.add(VaeGraph.PRIOR_IMAGE_MEAN);
            outputs.add(VaeGraph.PRIOR_IMAGE_LOG_SCALE);
        }
        if (layout.labelChannels() > 0) {
            outputs.add(VaeGraph.PRIOR_LABEL_MEAN);
            outputs.add(VaeGraph.PRIOR_LABEL_LOG_SIGMA);
        }
        Map<String, INDArray> out = sd.output(Map.of(VaeGraph.Z_PRIOR, z), outputs);
        List<INDArray> parts = new ArrayList<>();
        if (layout.imageChannels() > 0) {
            INDArray mu = out.get(VaeGraph.PRIOR_IMAGE_MEAN).castTo(DataType.DOUBLE);
            INDArray image = mode == SampleMode.MEAN ? mu.dup()
                    : drawLogistic(mu, Transforms.exp(out.get(VaeGraph.PRIOR_IMAGE_LOG_SCALE).castTo(DataType.DOUBLE)),
                            random);
            // the bins are k/255: round, then clip into [0,1]
            image = Transforms.round(image.muli(255.0), false).divi(255.0);
            parts.add(Transforms.min(Transforms.max(image, 0.0, false), 1.0, false));
        }
        if (layout.labelChannels() > 0) {
            INDArray mean = out.get(VaeGraph.PRIOR_LABEL_MEAN).castTo(DataType.DOUBLE);
            INDArray labels = mode == SampleMode.MEAN ? mean.dup()
                    : mean.add(gaussian(mean.shape(), random)
                            .muli(Transforms.exp(out.get(VaeGraph.PRIOR_LABEL_LOG_SIGMA).castTo(DataType.DOUBLE))));
            parts.add(Transforms.min(Transforms.max(labels, 0.0, false), 1.0, false));
        }
        INDArray all = parts.size() == 1 ? parts.get(0) : Nd4j.concat(1, parts.toArray(new INDArray[0]));
        return all.castTo(DataType.FLOAT);
    }

    /** Logistic draw by inversion: mu + s log(u / (1 - u)), u ~ U(0,1). */
    private static INDArray drawLogistic(INDArray mu, INDArray scale, Random random) {
        double[] u = new double[Math.toIntExact(mu.length())];
        for (int i = 0; i < u.length; i++) {
            double v = Math.min(Math.max(random.nextDouble(), 1e-12), 1 - 1e-12);
            u[i] = Math.log(v / (1 - v));
        }
        return mu.add(Nd4j.createFromArray(u).reshape(mu.shape()).muli(scale));
    }

    private static INDArray gaussian(long[] shape, Random random) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return Nd4j.createFromArray(values).reshape(shape);
    }
}
