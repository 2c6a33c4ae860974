package dev.hetflow.bench.sampler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hetflow.common.events.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Given latents through the service's KServe v2 endpoint, to check that it serves the weights ND4J runs. */
public final class V2Infer {

    private V2Infer() {
    }

    /** POSTs z [rows, C, H, W] and steps; returns the output's flat data. */
    public static float[] infer(URI base, String modelId, float[] latents, int rows, long[] sampleShape, long steps)
            throws IOException, InterruptedException {
        ObjectMapper json = EventJson.mapper();
        ObjectNode body = json.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        ObjectNode z = inputs.addObject().put("name", "z").put("datatype", "FP32");
        ArrayNode shape = z.putArray("shape").add(rows);
        for (long d : sampleShape) {
            shape.add(d);
        }
        ArrayNode data = z.putArray("data");
        for (float v : latents) {
            data.add(v);
        }
        ObjectNode s = inputs.addObject().put("name", "steps").put("datatype", "INT64");
        s.putArray("shape").add(1);
        s.putArray("data").add(steps);
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("v2/models/"
                        + modelId + "/infer")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("v2 infer answered " + r.statusCode() + ": " + new String(r.body(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        JsonNode out = json.readTree(r.body()).path("outputs").path(0).path("data");
        float[] x = new float[out.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) out.get(i).asDouble();
        }
        return x;
    }

    /** Largest |a - b| over equal-length arrays. */
    public static double maxAbsDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalStateException("lengths differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
