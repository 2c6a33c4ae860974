package dev.hetflow.sampler.admission;

import dev.hetflow.service.errors.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Error answers in the shape each API promises: {@code {"error": "..."}} under {@code /v2} (the Open Inference
 * Protocol), {@code {"status", "message"}} ({@link ApiError}) elsewhere.
 */
public final class Refusals {

    private Refusals() {
    }

    public static Response of(String path, Response.Status status, String message) {
        Object body = v2(path) ? Map.of("error", message) : new ApiError(status.getStatusCode(), message);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    static boolean v2(String path) {
        return path != null && (path.equals("/v2") || path.startsWith("/v2/") || path.equals("v2")
                || path.startsWith("v2/"));
    }
}
