package dev.hetflow.datasets.tensor;

/** A source whose samples can be made in any order, on any thread (synthetic data): it streams in parallel. */
public interface IndexedSource extends DatasetSource {

    /** Sample {@code index} (0..count-1); thread-safe, the same every time. */
    TensorSample tensor(long index);
}
