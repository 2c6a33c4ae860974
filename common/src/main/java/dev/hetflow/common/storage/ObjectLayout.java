package dev.hetflow.common.storage;

import dev.hetflow.common.topics.Topics;

/** Object keys in hetflow's bucket, declared once. */
public final class ObjectLayout {

    public static final String MANIFEST = "manifest.json";
    public static final String STATE = "state.bin";
    public static final String SAMPLER_ONNX = "sampler.onnx";
    public static final String ENCODER_ONNX = "encoder.onnx";

    private ObjectLayout() {
    }

    /** {@code datasets/<dataset-id>/manifest.json} */
    public static String datasetManifest(String datasetId) {
        return "datasets/" + Topics.requireId(datasetId, "dataset id") + "/" + MANIFEST;
    }

    /** {@code models/<model-id>/} */
    public static String modelPrefix(String modelId) {
        return "models/" + Topics.requireId(modelId, "model id") + "/";
    }

    /** {@code models/<model-id>/v<n>/<file>} */
    public static String modelFile(String modelId, int version, String file) {
        if (version < 1) {
            throw new IllegalArgumentException("model versions start at 1, got " + version);
        }
        return modelPrefix(modelId) + "v" + version + "/" + file;
    }

    /** {@code exports/<export-id>/shard-<n>.npz} */
    public static String exportShard(String exportId, int shard) {
        return "exports/" + Topics.requireId(exportId, "export id") + "/shard-" + String.format("%05d", shard) + ".npz";
    }
}
