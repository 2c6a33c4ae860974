package dev.hetflow.datasets.record;

import java.util.Map;

/**
 * A tensor record as it goes to Kafka, without a Kafka dependency.
 *
 * @param key     the sample index, decimal (spreads samples over partitions; equal for a re-run of the same spec)
 * @param value   the .npy bytes
 * @param headers the {@link TensorRecordFormat} headers in a fixed order, UTF-8 strings
 */
public record TensorRecord(String key, byte[] value, Map<String, String> headers) {
}
