package dev.hetflow.service.config;

import dev.hetflow.common.storage.S3Settings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The object store, as every service reads it under {@code hetflow.s3}: env {@code HETFLOW_S3_ENDPOINT},
 * {@code HETFLOW_S3_REGION}, {@code HETFLOW_S3_ACCESS_KEY}, {@code HETFLOW_S3_SECRET_KEY}, {@code HETFLOW_S3_BUCKET}.
 * The keys have no defaults: they come from configuration or the environment (a Secret on Kubernetes).
 */
@ConfigMapping(prefix = "hetflow.s3")
public interface S3Config {

    /** e.g. http://minio:9000 */
    String endpoint();

    @WithDefault(S3Settings.DEFAULT_REGION)
    String region();

    String accessKey();

    String secretKey();

    @WithDefault(S3Settings.DEFAULT_BUCKET)
    String bucket();

    default S3Settings settings() {
        return new S3Settings(endpoint(), region(), accessKey(), secretKey(), bucket());
    }
}
