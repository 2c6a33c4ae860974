package dev.hetflow.stack;

import dev.hetflow.common.storage.S3Settings;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * How to run the local stack.
 *
 * @param dataDir        broker logs, S3 objects and the children's log files; kept across restarts in user mode
 * @param kafkaPort      the broker's client port
 * @param controllerPort the KRaft controller port
 * @param s3Port         the S3 server's port
 * @param accessKey      S3 access key
 * @param secretKey      S3 secret key
 * @param bucket         the bucket created up front
 */
public record LocalStackSettings(Path dataDir, int kafkaPort, int controllerPort, int s3Port, String accessKey,
                                 String secretKey, String bucket) {

    /** Fixed, well-known ports for a user's stack. */
    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_S3_PORT = 9000;

    /** A throw-away stack on free loopback ports with fresh random credentials, for tests. */
    public static LocalStackSettings ephemeral(Path dataDir) {
        return new LocalStackSettings(dataDir, FreePorts.next(), FreePorts.next(), FreePorts.next(),
                "hetflow-test", randomSecret(), S3Settings.DEFAULT_BUCKET);
    }

    static String randomSecret() {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    public S3Settings s3Settings() {
        return new S3Settings(s3Endpoint(), S3Settings.DEFAULT_REGION, accessKey, secretKey, bucket);
    }

    @Override
    public String toString() {
        return "LocalStackSettings[dataDir=" + dataDir + ", kafka=" + kafkaBootstrap() + ", controllerPort="
                + controllerPort + ", s3=" + s3Endpoint() + ", accessKey=" + accessKey + ", secretKey=****, bucket="
                + bucket + "]";
    }
}
