package dev.hetflow.trainer.jobs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.trainer.model.LegacyModelJson;
import dev.hetflow.trainer.model.ModelSpec;
import java.io.IOException;

/**
 * A training job as submitted: the model (one {@link ModelSpec}), the data set, whether label channels are trained
 * (heterogeneous) or dropped (homogeneous), stop criteria, checkpoint interval. Null optional fields take the
 * trainer's defaults ({@link #withDefaults}). Read from either JSON shape (see {@link LegacyModelJson}); written in
 * the current one, {@code "model": {"kind": ..., ...}}.
 *
 * @param model              the model kind and its settings
 * @param datasetId          a data set published by the data service
 * @param layout             {@code heterogeneous} or {@code homogeneous}
 * @param batchSize          samples per step
 * @param seed               initialization and noise seed
 * @param learningRate       initial learning rate, null for hetflow.trainer.learning-rate.initial
 * @param maxEpochs          stop after this many epochs
 * @param maxIterations      ... or this many iterations
 * @param earlyStopPatience  ... or this many epochs without validation gain (0: never)
 * @param checkpointInterval iterations between checkpoints
 */
@JsonDeserialize(using = JobSpec.Reader.class)
public record JobSpec(ModelSpec model, String datasetId, String layout, Integer batchSize, Long seed,
        Double learningRate, Integer maxEpochs, Long maxIterations, Integer earlyStopPatience,
        Integer checkpointInterval) {

    public static final String HETEROGENEOUS = "heterogeneous";
    public static final String HOMOGENEOUS = "homogeneous";

    /** Checks the spec and fills the defaults; IllegalArgumentException (a 400) says what is wrong. */
    public JobSpec withDefaults(TrainerConfig config) {
        if (model == null) {
            throw new IllegalArgumentException("model is required");
        }
        Topics.requireId(datasetId, "datasetId");
        String l = layout == null ? HETEROGENEOUS : layout;
        if (!HETEROGENEOUS.equals(l) && !HOMOGENEOUS.equals(l)) {
            throw new IllegalArgumentException("layout must be 'heterogeneous' or 'homogeneous', got: " + layout);
        }
        int b = batchSize == null ? config.batchSize() : batchSize;
        if (b < 1 || b > 4096) {
            throw new IllegalArgumentException("batchSize must be 1..4096, got " + b);
        }
        double lr = learningRate == null ? config.learningRate().initial() : learningRate;
        if (!(lr > 0) || lr > 1) {
            throw new IllegalArgumentException("learningRate must be in (0, 1], got " + lr);
        }
        int epochs = maxEpochs == null ? 100 : maxEpochs;
        long iterations = maxIterations == null ? Long.MAX_VALUE : maxIterations;
        int patience = earlyStopPatience == null ? 0 : earlyStopPatience;
        if (epochs < 1 || iterations < 1 || patience < 0) {
            throw new IllegalArgumentException("need maxEpochs >= 1, maxIterations >= 1, earlyStopPatience >= 0");
        }
        int interval = checkpointInterval == null ? config.checkpointInterval() : checkpointInterval;
        if (interval < 1) {
            throw new IllegalArgumentException("checkpointInterval must be >= 1 iterations, got " + interval);
        }
        return new JobSpec(model, datasetId, l, b, seed == null ? 42L : seed, lr, epochs, iterations, patience,
                interval);
    }

    /** Both JSON shapes: {@code model} an object with a kind, or a name with its settings beside it. */
    static final class Reader extends StdDeserializer<JobSpec> {

        Reader() {
            super(JobSpec.class);
        }

        @Override
        public JobSpec deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonNode n = p.readValueAsTree();
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("a job spec must be a JSON object");
            }
            ModelSpec model = LegacyModelJson.read(n.get("model"), n.get("ffjord"), n.get("ffjordConv"),
                    n.get("snf"));
            return new JobSpec(model, text(n, "datasetId"), text(n, "layout"), integer(n, "batchSize"),
                    whole(n, "seed"), number(n, "learningRate"), integer(n, "maxEpochs"), whole(n, "maxIterations"),
                    integer(n, "earlyStopPatience"), integer(n, "checkpointInterval"));
        }

        private static JsonNode value(JsonNode n, String field) {
            JsonNode v = n.get(field);
            return v == null || v.isNull() ? null : v;
        }

        private static String text(JsonNode n, String field) {
            JsonNode v = value(n, field);
            if (v != null && !v.isTextual()) {
                throw new IllegalArgumentException(field + " must be a string, got " + v);
            }
            return v == null ? null : v.asText();
        }

        private static Long whole(JsonNode n, String field) {
            JsonNode v = value(n, field);
            if (v != null && !v.canConvertToLong()) {
                throw new IllegalArgumentException(field + " must be a whole number, got " + v);
            }
            return v == null ? null : v.asLong();
        }

        private static Integer integer(JsonNode n, String field) {
            JsonNode v = value(n, field);
            if (v != null && !v.canConvertToInt()) {
                throw new IllegalArgumentException(field + " must be a whole number, got " + v);
            }
            return v == null ? null : v.asInt();
        }

        private static Double number(JsonNode n, String field) {
            JsonNode v = value(n, field);
            if (v != null && !v.isNumber()) {
                throw new IllegalArgumentException(field + " must be a number, got " + v);
            }
            return v == null ? null : v.asDouble();
        }
    }
}
