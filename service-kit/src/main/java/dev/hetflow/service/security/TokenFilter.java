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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Refuses {@link RequiresToken} requests without the configured bearer token (401), comparing in constant time. */
@Provider
@RequiresToken
class TokenFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    /** Looked up per request: JAX-RS providers are built at static init, before runtime configuration exists. */
    private final Instance<ApiConfig> config;

    TokenFilter(Instance<ApiConfig> config) {
        this.config = config;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.startsWith(BEARER)) {
            request.abortWith(unauthorized("this endpoint changes state: send Authorization: Bearer <token>"));
            return;
        }
        byte[] given = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        byte[] token = config.get().token().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
            request.abortWith(unauthorized("the bearer token is not valid"));
        }
    }

    private static Response unauthorized(String message) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"hetflow\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(401, message))
                .build();
    }
}
