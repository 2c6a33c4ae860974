package dev.hetflow.sampler.sampling;

import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.manifest.LabelDecoder;
import dev.hetflow.datasets.tensor.TensorSample;
import java.util.ArrayList;
import java.util.List;

/** Splits a batch of generated tensors into samples and decodes each one's label channels. */
final class SampleAnnotator {

    private SampleAnnotator() {
    }

    static List<AnnotatedSample> annotate(DatasetManifest dataset, float[] batch, int rows) {
        LabelDecoder decoder = new LabelDecoder(dataset);
        int c = dataset.shape().get(0);
        int h = dataset.shape().get(1);
        int w = dataset.shape().get(2);
        int size = c * h * w;
        List<AnnotatedSample> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            float[] values = new float[size];
            System.arraycopy(batch, i * size, values, 0, size);
            TensorSample sample = new TensorSample(i, c, h, w, values);
            out.add(new AnnotatedSample(i, values, decoder.labels(sample)));
        }
        return out;
    }
}
