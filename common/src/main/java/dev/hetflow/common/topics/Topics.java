package dev.hetflow.common.topics;

import java.util.List;
import java.util.regex.Pattern;

/** Every Kafka topic of hetflow, declared once. Names use dots, never underscores. */
public final class Topics {

    /** Dataset manifests, keyed by dataset id; compacted. */
    public static final String DATASETS = "hetflow.datasets";
    /** Training job lifecycle events: started, progress, checkpoint written, failed, finished. */
    public static final String TRAINING_EVENTS = "hetflow.training.events";
    /** model.published events, keyed by model id; compacted. */
    public static final String MODELS = "hetflow.models";
    /** Records that could not be processed, with the reason in headers. */
    public static final String DEADLETTER = "hetflow.deadletter";

    private static final String TENSORS_PREFIX = "hetflow.tensors.";
    private static final String SAMPLES_PREFIX = "hetflow.samples.";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,127}");

    /** The topics that exist before any dataset or export does. */
    public static final List<TopicSpec> FIXED = List.of(
            new TopicSpec(DATASETS, 1, true),
            new TopicSpec(TRAINING_EVENTS, 1, false),
            new TopicSpec(MODELS, 1, true),
            new TopicSpec(DEADLETTER, 1, false));

    private Topics() {
    }

    /** Tensor records of one dataset: {@code hetflow.tensors.<dataset-id>}. */
    public static String tensors(String datasetId) {
        return TENSORS_PREFIX + requireId(datasetId, "dataset id");
    }

    /** Annotated samples of one bulk export: {@code hetflow.samples.<export-id>}. */
    public static String samples(String exportId) {
        return SAMPLES_PREFIX + requireId(exportId, "export id");
    }

    /** Ids that become part of topic names and object keys: lower-case letters, digits and '-'. */
    public static String requireId(String id, String what) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " must match " + ID.pattern() + ", got: " + id);
        }
        return id;
    }
}
