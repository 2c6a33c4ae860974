package dev.hetflow.common.storage;

import java.util.Objects;

/**
 * Where the object store is and how to sign requests to it. The secret never appears in {@link #toString()}.
 *
 * @param endpoint  e.g. {@code http://127.0.0.1:9000}
 * @param region    SigV4 signing region
 * @param accessKey S3 access key id
 * @param secretKey S3 secret key, from configuration or the environment only
 * @param bucket    the bucket hetflow keeps its datasets and models in
 */
public record S3Settings(String endpoint, String region, String accessKey, String secretKey, String bucket) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_BUCKET = "hetflow";

    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(bucket, "bucket");
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", accessKey=" + accessKey
                + ", secretKey=****, bucket=" + bucket + "]";
    }
}
