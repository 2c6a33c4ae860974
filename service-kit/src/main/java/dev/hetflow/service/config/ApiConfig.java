package dev.hetflow.service.config;

import io.smallrye.config.ConfigMapping;

/**
 * The REST API's guard, under {@code hetflow.api}: endpoints that change state need
 * {@code Authorization: Bearer <token>}. Env {@code HETFLOW_API_TOKEN}; no default, never logged.
 */
@ConfigMapping(prefix = "hetflow.api")
public interface ApiConfig {

    String token();
}
