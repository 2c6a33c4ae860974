package dev.hetflow.common.models;

/**
 * Payload of {@code dev.hetflow.model.published.v1} on {@code hetflow.models}, keyed by model id (compacted, so a
 * starting sampler sees the latest version of every model).
 *
 * @param modelId        the model
 * @param version        the version now published
 * @param kind           {@code ffjord} or {@code snf}
 * @param manifestKey    object key of the version's manifest
 * @param manifestSha256 sha256 of the manifest's bytes
 * @param datasetId      the training data set
 */
public record ModelPublished(String modelId, int version, String kind, String manifestKey, String manifestSha256,
                             String datasetId) {
}
