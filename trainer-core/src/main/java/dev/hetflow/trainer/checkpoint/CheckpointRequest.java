package dev.hetflow.trainer.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hetflow.trainer.model.GenerativeModel;
import java.util.List;
import java.util.Map;

/**
 * What a checkpoint records besides the state: the job, its spec and data set manifest (JSON), the seed, the
 * latest figures and the per-epoch curve.
 */
public record CheckpointRequest(String jobId, String modelId, GenerativeModel model, TrainingState state,
        JsonNode jobSpec, JsonNode datasetManifest, long seed, Map<String, Double> metrics,
        List<Map<String, Double>> curve) {
}
