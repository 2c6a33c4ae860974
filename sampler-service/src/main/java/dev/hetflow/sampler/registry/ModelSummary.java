package dev.hetflow.sampler.registry;

import java.util.List;
import java.util.Map;

/**
 * A model as the registry serves it.
 *
 * @param modelId  the model
 * @param kind     {@code ffjord} or {@code snf}
 * @param latest   the version requests get when they name none
 * @param versions loaded versions, ascending
 * @param datasetId the training data set
 * @param metrics  the latest version's metrics
 * @param refused  versions refused (failed sha256 or load), with the reason
 */
public record ModelSummary(String modelId, String kind, int latest, List<Integer> versions, String datasetId,
                           Map<String, Double> metrics, Map<Integer, String> refused) {
}
