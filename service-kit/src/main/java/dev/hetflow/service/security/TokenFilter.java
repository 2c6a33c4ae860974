package dev.hetflow.service.security;

import dev.hetflow.service.config.ApiConfig;
import dev.hetflow.service.errors.ApiError;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/** Refuses {@link RequiresToken} requests without the configured bearer token (401), comparing in constant time. */
@Provider
@RequiresToken
class TokenFilter implements ContainerRequestFilter {

    /** Looked up per request: JAX-RS providers are built at static init, before runtime configuration exists. */
    private final Instance<ApiConfig> config;

    TokenFilter(Instance<ApiConfig> config) {
        this.config = config;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        BearerToken.problem(request.getHeaderString(HttpHeaders.AUTHORIZATION), config.get().token(),
                "this endpoint changes state").ifPresent(message -> request.abortWith(unauthorized(message)));
    }

    private static Response unauthorized(String message) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"hetflow\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(401, message))
                .build();
    }
}
