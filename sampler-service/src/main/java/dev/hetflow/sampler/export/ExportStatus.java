package dev.hetflow.sampler.export;

import java.util.List;

/**
 * Progress of one export.
 *
 * @param exportId  the export
 * @param modelId   the model
 * @param version   the version sampled (fixed for the whole export)
 * @param state     {@code running}, {@code done} or {@code failed}
 * @param requested samples asked for
 * @param produced  samples written so far
 * @param topic     the Kafka topic, or null
 * @param shardKeys object keys of the .npz shards written so far
 * @param error     why it failed, or null
 */
public record ExportStatus(String exportId, String modelId, int version, String state, int requested, int produced,
                           String topic, List<String> shardKeys, String error) {
}
