package dev.hetflow.data.api;

import dev.hetflow.datasets.SourceDataException;
import dev.hetflow.service.errors.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A missing or corrupt source file is a request the service understood but cannot honour: 422 with the reason. */
@Provider
class SourceDataMapper implements ExceptionMapper<SourceDataException> {

    static final int UNPROCESSABLE = 422;

    @Override
    public Response toResponse(SourceDataException e) {
        return Response.status(UNPROCESSABLE).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(UNPROCESSABLE, e.getMessage())).build();
    }
}
