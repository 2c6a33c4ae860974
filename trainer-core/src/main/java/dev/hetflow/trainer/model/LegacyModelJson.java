package dev.hetflow.trainer.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hetflow.common.events.EventJson;

/**
 * Reads a job's model in either shape. The current one is an object with a {@code kind}
 * ({@code {"kind": "ffjord-mlp", ...}}, see {@link ModelSpec}). The earlier one, which clients and stored jobs still
 * send, is {@code "model": "ffjord"} or {@code "snf"} with the settings in a sibling {@code ffjord}, {@code ffjordConv}
 * or {@code snf} object whose {@code steps} were RK4 steps: it reads as the same spec with
 * {@code trainSolver = {"method": "RK4", "steps": steps}} and the kind's default evaluation solver.
 */
public final class LegacyModelJson {

    /** Left-out fields are nulls that the spec records replace by their kind's defaults. */
    private static final ObjectMapper SPECS = EventJson.mapper().copy()
            .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private LegacyModelJson() {
    }

    /**
     * The spec of a job's {@code model} node and the earlier shape's sibling settings (each may be null or missing).
     *
     * @throws IllegalArgumentException naming what is wrong, as a refused value's own message
     */
    public static ModelSpec read(JsonNode model, JsonNode ffjord, JsonNode ffjordConv, JsonNode snf) {
        if (model == null || model.isNull() || model.isMissingNode()) {
            throw new IllegalArgumentException("model is required: an object with a kind (ffjord-mlp, ffjord-conv, "
                    + "snf), or 'ffjord' / 'snf'");
        }
        if (model.isObject()) {
            if (present(ffjord) || present(ffjordConv) || present(snf)) {
                throw new IllegalArgumentException("with a model object, its settings go inside it, not in "
                        + "ffjord, ffjordConv or snf");
            }
            return convert(model, ModelSpec.class);
        }
        // the earlier shape's names map onto the current kinds; everything else is read by the records themselves
        ObjectNode current = switch (model.isTextual() ? model.asText() : "") {
            case "snf" -> present(ffjord) || present(ffjordConv) ? null : kinded(snf, SnfSpec.KIND);
            case "ffjord" -> present(snf) ? null : present(ffjordConv)
                    ? withRk4Steps(kinded(ffjordConv, FfjordConvSpec.KIND))
                    : withRk4Steps(kinded(ffjord, FfjordMlpSpec.KIND));
            default -> null;
        };
        if (current == null) {
            throw new IllegalArgumentException("model must be 'ffjord' or 'snf' (with its own settings only) or an "
                    + "object with a kind, got: " + model);
        }
        return convert(current, ModelSpec.class);
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    /** A copy of the earlier shape's settings object (or an empty one) with the current shape's kind. */
    private static ObjectNode kinded(JsonNode settings, String kind) {
        if (present(settings) && !settings.isObject()) {
            throw new IllegalArgumentException("model settings must be a JSON object, got: " + settings);
        }
        ObjectNode copy = present(settings) ? ((ObjectNode) settings).deepCopy() : SPECS.createObjectNode();
        copy.put("kind", kind);
        return copy;
    }

    /** The earlier settings' {@code steps} as an RK4 training solver. */
    private static ObjectNode withRk4Steps(ObjectNode copy) {
        JsonNode steps = copy.remove("steps");
        if (steps != null && !copy.has("trainSolver")) {
            copy.putObject("trainSolver").put("method", "RK4").set("steps", steps);
        }
        return copy;
    }

    private static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return SPECS.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException && t.getMessage() != null) {
                    throw new IllegalArgumentException(t.getMessage(), e);
                }
            }
            throw new IllegalArgumentException("invalid model settings: " + e.getOriginalMessage(), e);
        }
    }
}
