package dev.hetflow.datasets.tensor;

import java.util.Iterator;

/** Samples of a data set in index order, produced one at a time; close it to release files. */
public interface SampleStream extends Iterator<TensorSample>, AutoCloseable {

    @Override
    void close();
}
