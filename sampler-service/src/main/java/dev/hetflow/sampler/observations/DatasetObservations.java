package dev.hetflow.sampler.observations;

import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.tensor.TensorSample;

/**
 * An observation of a model's training data set by index. Synthetic PIV data sets are regenerated from their spec
 * (the same sample for the same index); other sources would need their files, so callers send the observation.
 */
public final class DatasetObservations {

    private DatasetObservations() {
    }

    /** @throws IllegalArgumentException when the index is out of range or the source cannot be regenerated */
    public static float[] observation(DatasetManifest dataset, long index) {
        if (index < 0 || index >= dataset.count()) {
            throw new IllegalArgumentException("datasetIndex must be in 0.." + (dataset.count() - 1) + " for "
                    + dataset.id() + ", got " + index);
        }
        if (!PivSource.SOURCE.equals(dataset.source())) {
            throw new IllegalArgumentException("observations by datasetIndex are regenerated for synthetic PIV data "
                    + "sets only; for " + dataset.source() + " send the observation's values");
        }
        Split split = Split.parse(dataset.split());
        TensorSample sample = PivSource.fromSpec(dataset.spec(), split, dataset.count()).tensor(index);
        return sample.values();
    }
}
