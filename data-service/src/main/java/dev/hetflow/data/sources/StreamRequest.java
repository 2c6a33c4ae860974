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
 */
public record StreamRequest(String dataset, String split, Long count, Long seed, String layout,
                            String dequantization, String folder, PivParameters piv) {
}
