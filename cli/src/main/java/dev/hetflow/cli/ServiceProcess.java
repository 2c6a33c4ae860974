package dev.hetflow.cli;

import dev.hetflow.stack.ChildProcess;
import dev.hetflow.stack.LocalStackSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A Quarkus service in a child JVM, pointed at the local stack; ready once its readiness endpoint says UP. */
final class ServiceProcess implements AutoCloseable {

    private static final String QUARKUS_ENTRY_POINT = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";

    private final ServiceSpec spec;
    private final ChildProcess process;

    private ServiceProcess(ServiceSpec spec, ChildProcess process) {
        this.spec = spec;
        this.process = process;
    }

    static ServiceProcess start(ServiceSpec spec, LocalStackSettings stack, String apiToken, Path logDir) {
        return start(spec, stack, apiToken, logDir, Map.of());
    }

    /** With extra environment variables (settings a test shortens, e.g. the trainer's lease TTL). */
    static ServiceProcess start(ServiceSpec spec, LocalStackSettings stack, String apiToken, Path logDir,
            Map<String, String> extraEnv) {
        Path runner = spec.appDir().resolve("quarkus-run.jar");
        if (!Files.exists(runner)) {
            throw new IllegalStateException(runner + " is missing: build it with mvn -DskipTests install");
        }
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(spec.port()));
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrap());
        env.put("HETFLOW_S3_ENDPOINT", stack.s3Endpoint());
        env.put("HETFLOW_S3_REGION", stack.s3Settings().region());
        env.put("HETFLOW_S3_ACCESS_KEY", stack.accessKey());
        env.put("HETFLOW_S3_SECRET_KEY", stack.secretKey());
        env.put("HETFLOW_S3_BUCKET", stack.bucket());
        env.put("HETFLOW_API_TOKEN", apiToken);
        env.putAll(extraEnv);
        ChildProcess process = ChildProcess.startWithWatchdog(spec.name(), runner.toString(),
                // jdk.incubator.vector: ffjord's vectorized activations in the trainer (else ND4J's slower ops)
                List.of("-Xmx3g", "-XX:+UseSerialGC", "--add-modules=jdk.incubator.vector"), QUARKUS_ENTRY_POINT,
                List.of(),
                logDir.resolve(spec.name() + ".log"), env);
        return new ServiceProcess(spec, process);
    }

    ServiceSpec spec() {
        return spec;
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return process.logFile();
    }

    /** Waits until {@code /q/health/ready} answers 200, failing early when the service exits. */
    void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(spec.baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited during start-up; see " + process.logFile());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(spec.name() + " was not ready within " + timeout + "; see " + process.logFile());
    }

    @Override
    public void close() {
        process.close();
    }
}
