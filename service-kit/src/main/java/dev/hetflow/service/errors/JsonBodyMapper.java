package dev.hetflow.service.errors;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A JSON body that parses but cannot be read into the request type (a value a record's constructor refuses, a wrong
 * type, an unknown enum constant) is the caller's mistake: 400 with the refusal's message and the field's path,
 * instead of an empty body.
 */
@Provider
class JsonBodyMapper implements ExceptionMapper<JsonMappingException> {

    @Override
    public Response toResponse(JsonMappingException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(400, message(e))).build();
    }

    /** The innermost IllegalArgumentException's message (a validation), else Jackson's own without its location. */
    static String message(JsonMappingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        String path = e.getPath().isEmpty() ? "" : " (at " + e.getPathReference() + ")";
        return "invalid request body: " + e.getOriginalMessage() + path;
    }
}
