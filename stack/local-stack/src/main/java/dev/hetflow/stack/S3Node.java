package dev.hetflow.stack;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/** An S3-compatible server (S3Proxy 3.3 on its filesystem backend, SigV4) in a child JVM. */
final class S3Node implements AutoCloseable {

    private static final String RUNTIME = "s3-runtime";

    private final ChildProcess process;
    private final LocalStackSettings settings;

    private S3Node(ChildProcess process, LocalStackSettings settings) {
        this.process = process;
        this.settings = settings;
    }

    static S3Node start(LocalStackSettings settings, Duration timeout) {
        Path home = settings.dataDir().resolve("s3");
        Path config = home.resolve("s3proxy.properties");
        try {
            Files.createDirectories(home.resolve("objects"));
            // the file holds the secret key: readable by its owner only
            Files.deleteIfExists(config);
            Files.createFile(config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(config, properties(settings, home.resolve("objects")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess server = ChildProcess.start("s3", ChildClasspath.of(RUNTIME),
                List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-Dlogback.configurationFile=" + writeLogbackConfig(home)),
                "org.gaul.s3proxy.Main", List.of("--properties", config.toString()),
                settings.dataDir().resolve("s3.log"));
        S3Node node = new S3Node(server, settings);
        try {
            node.awaitReadyAndCreateBucket(timeout);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private static String properties(LocalStackSettings s, Path objects) {
        return String.join("\n",
                "s3proxy.endpoint=" + s.s3Endpoint(),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + s.accessKey(),
                "s3proxy.credential=" + s.secretKey(),
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + objects,
                // MinIO's SDK signs for us-east-1; S3Proxy 3.3 needs the region named to accept it
                "jclouds.regions=us-east-1",
                "");
    }

    private static Path writeLogbackConfig(Path home) {
        Path file = home.resolve("logback.xml");
        try {
            Files.writeString(file, """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private void awaitReadyAndCreateBucket(Duration timeout) {
        MinioClient client = MinioClient.builder()
                .endpoint(settings.s3Endpoint())
                .region("us-east-1")
                .credentials(settings.accessKey(), settings.secretKey())
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the S3 server exited during start-up; see " + process.logFile());
            }
            try {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
                    client.makeBucket(MakeBucketArgs.builder().bucket(settings.bucket()).build());
                }
                return;
            } catch (Exception e) {
                last = e;
                KafkaNode.sleep(200);
            }
        }
        throw new IllegalStateException("the S3 server was not ready within " + timeout + "; see "
                + process.logFile(), last);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
