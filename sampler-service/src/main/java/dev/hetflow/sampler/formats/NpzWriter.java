package dev.hetflow.sampler.formats;

import dev.hetflow.datasets.manifest.DecodedLabel;
import dev.hetflow.datasets.record.Npy;
import dev.hetflow.sampler.sampling.AnnotatedSample;
import dev.hetflow.sampler.sampling.Samples;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples as NumPy's .npz (a zip of .npy files): {@code x.npy} float32 [N, C, H, W] in (0,1), and for each label
 * channel {@code <name>.npy} [N] (the decoded class or value in its unit) and {@code <name>_spread.npy} [N].
 * {@code numpy.load(f)["x"]} reads it.
 */
public final class NpzWriter {

    private NpzWriter() {
    }

    public static byte[] write(Samples samples) {
        List<AnnotatedSample> rows = samples.samples();
        List<Integer> shape = samples.dataset().shape();
        int size = shape.get(0) * shape.get(1) * shape.get(2);
        float[] x = new float[rows.size() * size];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i).values(), 0, x, i * size, size);
        }
        List<StoredZip.Entry> entries = new ArrayList<>();
        entries.add(new StoredZip.Entry("x.npy", Npy.encode(x, rows.size(), shape.get(0), shape.get(1),
                shape.get(2))));
        int labels = rows.isEmpty() ? 0 : rows.get(0).labels().size();
        for (int l = 0; l < labels; l++) {
            float[] value = new float[rows.size()];
            float[] spread = new float[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                DecodedLabel label = rows.get(i).labels().get(l);
                value[i] = (float) label.value();
                spread[i] = (float) label.spread();
            }
            String name = rows.get(0).labels().get(l).channel();
            entries.add(new StoredZip.Entry(name + ".npy", Npy.encode(value, rows.size())));
            entries.add(new StoredZip.Entry(name + "_spread.npy", Npy.encode(spread, rows.size())));
        }
        // stored, not deflated: float32 noise hardly compresses, and deflating cost more than the model's forward pass
        return StoredZip.write(entries);
    }
}
