package dev.hetflow.data.sources;

/**
 * A request to stream a data set.
 *
 * @param dataset        {@code piv}, {@code mnist} or {@code cifar10}
 * @param split          {@code train} or {@code test}; default {@code train}
 * @param count          samples to stream, required
 * @param seed           seeds synthesis and dequantization; default 0
 * @param layout         {@code heterogeneous} (default) or {@code homogeneous}
 * @param dequantization {@code uniform} (default) or {@code none}
 * @param folder         for MNIST/CIFAR-10: the folder of the files, relative to the service's data root;
 *                       default the configured one
 * @param piv            generator parameters for {@code piv}
 * @param labels         {@code constant} (default) or {@code planes}: each label pixel dequantized on its own, so a
 *                       label channel has a proper density
 * @param classes        {@code ordinal} (default) or {@code onehot}: one indicator channel per class beside the
 *                       ordinal one (MNIST, CIFAR-10)
 * @param side           MNIST only: digits 28 px wide (default) or 14 (2x2 block means, the preset for 2 cores)
 */
public record StreamRequest(String dataset, String split, Long count, Long seed, String layout,
                            String dequantization, String folder, PivParameters piv, String labels, String classes,
                            Integer side) {

    /** A request without label options or size: constant label planes, ordinal classes, full-size digits. */
    public StreamRequest(String dataset, String split, Long count, Long seed, String layout, String dequantization,
                         String folder, PivParameters piv) {
        this(dataset, split, count, seed, layout, dequantization, folder, piv, null, null, null);
    }
}
