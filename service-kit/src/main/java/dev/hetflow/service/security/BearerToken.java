package dev.hetflow.service.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Checks an {@code Authorization} header against the configured bearer token, comparing in constant time. */
public final class BearerToken {

    private static final String BEARER = "Bearer ";

    private BearerToken() {
    }

    /** @return what is wrong with the header, empty when it carries the token */
    public static Optional<String> problem(String authorization, String token, String why) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return Optional.of(why + ": send Authorization: Bearer <token>");
        }
        byte[] given = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of("the bearer token is not valid");
        }
        return Optional.empty();
    }
}
