package dev.hetflow.stack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The Quarkus test resource every service's {@code @QuarkusTest} uses: the JVM's {@link SharedLocalStack}, with
 * the configuration that points a service at it. Dev Services stay off (they need Docker, which is not here).
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalStackSettings s = SharedLocalStack.get().settings();
        return Map.of(
                "kafka.bootstrap.servers", s.kafkaBootstrap(),
                "quarkus.kafka.devservices.enabled", "false",
                "hetflow.s3.endpoint", s.s3Endpoint(),
                "hetflow.s3.region", s.s3Settings().region(),
                "hetflow.s3.access-key", s.accessKey(),
                "hetflow.s3.secret-key", s.secretKey(),
                "hetflow.s3.bucket", s.bucket());
    }

    @Override
    public void stop() {
        // shared by all test classes of this JVM; it stops when the JVM exits
    }
}
