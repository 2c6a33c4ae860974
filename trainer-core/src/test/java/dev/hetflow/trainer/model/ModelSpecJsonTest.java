package dev.hetflow.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.sylvester.flows.FlowType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both JSON shapes of a job's model read into the same spec records; left-out fields take the kind's defaults. */
class ModelSpecJsonTest {

    private static JsonNode json(String text) throws Exception {
        return EventJson.mapper().readTree(text);
    }

    private static ModelSpec read(String model, String ffjord, String conv, String snf) throws Exception {
        return LegacyModelJson.read(json(model), ffjord == null ? null : json(ffjord),
                conv == null ? null : json(conv), snf == null ? null : json(snf));
    }

    @Test
    void theEarlierShapesPartialFfjordObjectTakesTheDefaults() throws Exception {
        ModelSpec spec = read("\"ffjord\"", "{\"hidden\": [32], \"blocks\": 1, \"steps\": 2}", null, null);
        assertEquals(new FfjordMlpSpec(List.of(32), 1, null, null, null, null, null, SolverSpec.rk4(2), null), spec);
        FfjordMlpSpec mlp = (FfjordMlpSpec) spec;
        assertEquals(1.0, mlp.time());
        assertEquals(SolverSpec.dopri5(1e-5), mlp.evalSolver(), "bits/dim from Dormand-Prince unless told");
        assertEquals(FfjordMlpSpec.defaults(), read("\"ffjord\"", null, null, null));
    }

    @Test
    void theEarlierShapesConvAndSnfSettingsReadIntoTheirRecords() throws Exception {
        ModelSpec conv = read("\"ffjord\"", null, "{\"scales\": 2, \"hidden\": [4], \"activation\": \"SOFTPLUS\", "
                + "\"steps\": 3, \"time\": 0.5, \"alpha\": 0.05}", null);
        assertEquals(new FfjordConvSpec(2, List.of(4), Activation.SOFTPLUS, 0.5, 0.05, SolverSpec.rk4(3), null),
                conv);
        ModelSpec snf = read("\"snf\"", null, null, "{\"flowType\": \"ORTHOGONAL\", \"latentDim\": 8}");
        assertEquals(new SnfSpec(FlowType.ORTHOGONAL, 8, null, null, null, null, null, null, null), snf);
        assertEquals(SnfSpec.paper(10_000), read("\"snf\"", null, null, null));
    }

    @Test
    void theCurrentShapeRoundTripsWithItsKind() throws Exception {
        FfjordMlpSpec spec = new FfjordMlpSpec(List.of(16, 8), 2, 0.5, null, Activation.SOFTPLUS, null, null,
                new SolverSpec(SolverSpec.Method.MIDPOINT, 3, null, null), SolverSpec.dopri5(1e-4));
        JsonNode written = EventJson.mapper().valueToTree(new Holder(spec)).get("model");
        assertEquals("ffjord-mlp", written.get("kind").asText());
        assertEquals(spec, LegacyModelJson.read(written, null, null, null));
        for (ModelSpec s : List.of(SnfSpec.paper(5), new FfjordConvSpec(null, null, null, null, null, null, null))) {
            JsonNode node = EventJson.mapper().valueToTree(new Holder(s)).get("model");
            assertEquals(s, LegacyModelJson.read(node, null, null, null));
        }
        assertEquals(new FfjordConvSpec(2, null, null, null, null, null, null),
                read("{\"kind\": \"ffjord-conv\", \"scales\": 2}", null, null, null));
    }

    /** How a job holds its model: a property declared as the sealed interface. */
    record Holder(ModelSpec model) {
    }

    @Test
    void refusalsNameTheField() throws Exception {
        IllegalArgumentException blocks = assertThrows(IllegalArgumentException.class,
                () -> read("\"ffjord\"", "{\"hidden\": [32], \"blocks\": 0, \"steps\": 2}", null, null));
        assertEquals("ffjord.blocks must be 1..8, got 0", blocks.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read("\"gan\"", null, null, null))
                .getMessage().startsWith("model must be 'ffjord' or 'snf'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read("{\"kind\": \"gan\"}", null, null, null))
                .getMessage().contains("gan"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> read("{\"kind\": \"snf\"}", "{\"blocks\": 1}", null, null)).getMessage()
                .contains("settings go inside it"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> read("{\"kind\": \"ffjord-mlp\", \"trainSolver\": {\"method\": \"DOPRI5\"}}", null, null,
                        null)).getMessage().contains("trainSolver must be a fixed-step method"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> read("{\"kind\": \"ffjord-mlp\", \"activation\": \"RELU\"}", null, null, null)).getMessage()
                .contains("RELU"));
    }
}
