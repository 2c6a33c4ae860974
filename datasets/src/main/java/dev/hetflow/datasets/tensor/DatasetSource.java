package dev.hetflow.datasets.tensor;

import java.util.List;
import java.util.SortedMap;

/**
 * A data set as a producer sees it: a validated spec, a channel layout and a stream of normalized samples. Opening a
 * source checks its input (files, spec) completely, so a stream that starts never fails on bad input half-way.
 */
public interface DatasetSource {

    /** {@code piv}, {@code mnist} or {@code cifar10}. */
    String source();

    /** Every parameter that determines the samples, as canonical strings; hashed into the dataset id. */
    SortedMap<String, String> spec();

    List<Channel> channels();

    int height();

    int width();

    /** Number of samples the stream yields. */
    long count();

    /** Opens a new stream from index 0; streams are independent. */
    SampleStream open();
}
