package dev.hetflow.bench.sampler;

import dev.hetflow.stack.LocalStackSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real sampler service (its built quarkus-app) in a child JVM pointed at the local stack, so that the load goes
 * through HTTP, the micro-batcher and ONNX Runtime exactly as in production. Killed with the benchmark.
 */
public final class SamplerProcess implements AutoCloseable {

    public static final String TOKEN = "bench-token";

    private final Process process;
    private final int port;

    private SamplerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code sampler-service/target/quarkus-app/quarkus-run.jar}; logs go to {@code logFile}. */
    public static SamplerProcess start(Path root, LocalStackSettings stack, Map<String, String> settings,
                                       Path logFile) throws IOException {
        Path jar = root.resolve("sampler-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with "
                    + "mvn -B -q -DskipTests package -pl sampler-service -am");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // SAMPLER_JAVA_OPTS: extra options for the service's JVM, e.g. a flight recording while profiling
        List<String> command = new ArrayList<>(List.of(java, "-Xmx2g"));
        String extra = System.getenv("SAMPLER_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(logFile.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrap());
        env.put("HETFLOW_S3_ENDPOINT", stack.s3Endpoint());
        env.put("HETFLOW_S3_REGION", stack.s3Settings().region());
        env.put("HETFLOW_S3_ACCESS_KEY", stack.accessKey());
        env.put("HETFLOW_S3_SECRET_KEY", stack.secretKey());
        env.put("HETFLOW_S3_BUCKET", stack.bucket());
        env.put("HETFLOW_API_TOKEN", TOKEN);
        env.putAll(settings);
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new SamplerProcess(process, port);
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** CPU time the service's JVM has used so far (all its threads, GC included). */
    public Duration cpuTime() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException(
                "this platform does not report a process's CPU time"));
    }

    /** Waits until {@code GET /v2/models/<model>/ready} answers 200. */
    public void awaitModel(String modelId, Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the sampler exited with " + process.exitValue());
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(base().resolve("v2/models/" + modelId
                        + "/ready")).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("model " + modelId + " not ready within " + timeout);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
