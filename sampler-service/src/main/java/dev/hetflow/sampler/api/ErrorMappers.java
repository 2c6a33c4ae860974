package dev.hetflow.sampler.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.hetflow.sampler.registry.UnknownModelException;
import dev.hetflow.sampler.sampling.QueueFullException;
import dev.hetflow.sampler.sampling.SamplingTimeoutException;
import dev.hetflow.service.errors.ApiError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The sampler's own failures as JSON {@link ApiError}s (IllegalArgumentException is service-kit's 400). */
class ErrorMappers {

    @ServerExceptionMapper
    Response unknownModel(UnknownModelException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    Response malformedJson(JsonProcessingException e) {
        return error(Response.Status.BAD_REQUEST, "malformed JSON body: " + e.getOriginalMessage());
    }

    /** Quarkus wraps a body that is not JSON at all in a 400 without a body; give it the reason. */
    @ServerExceptionMapper
    Response unreadableBody(WebApplicationException e) {
        if (e.getResponse().getStatus() == 400 && e.getCause() instanceof JacksonException json) {
            return error(Response.Status.BAD_REQUEST, "malformed JSON body: " + json.getOriginalMessage());
        }
        return e.getResponse();
    }

    @ServerExceptionMapper
    Response mismatchedJson(MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    Response queueFull(QueueFullException e) {
        return Response.fromResponse(error(Response.Status.TOO_MANY_REQUESTS, e.getMessage()))
                .header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    Response timeout(SamplingTimeoutException e) {
        return Response.fromResponse(error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage()))
                .header("Retry-After", "1").build();
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status.getStatusCode(), message)).build();
    }
}
