package dev.hetflow.stack;

import dev.hetflow.common.topics.TopicSpec;
import dev.hetflow.common.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * A real Kafka broker and a real S3 server, each in a child JVM, with hetflow's topics and bucket created up
 * front. Closing it stops both gracefully; if this JVM dies instead, the children halt by themselves.
 */
public final class LocalStack implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LocalStack.class.getName());
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final LocalStackSettings settings;
    private final KafkaNode kafka;
    private volatile S3Node s3;

    private LocalStack(LocalStackSettings settings, KafkaNode kafka, S3Node s3) {
        this.settings = settings;
        this.kafka = kafka;
        this.s3 = s3;
    }

    /** Starts both servers (in parallel) and creates {@link Topics#FIXED} and the bucket. */
    public static LocalStack start(LocalStackSettings settings) {
        return start(settings, Topics.FIXED);
    }

    public static LocalStack start(LocalStackSettings settings, List<TopicSpec> topics) {
        try {
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long started = System.nanoTime();
        var s3Start = new java.util.concurrent.CompletableFuture<S3Node>();
        Thread s3Thread = new Thread(() -> {
            try {
                s3Start.complete(S3Node.start(settings, START_TIMEOUT));
            } catch (Throwable t) {
                s3Start.completeExceptionally(t);
            }
        }, "s3-start");
        s3Thread.start();
        KafkaNode kafka;
        try {
            kafka = KafkaNode.start(settings, START_TIMEOUT);
            kafka.createTopics(topics);
        } catch (RuntimeException e) {
            s3Start.thenAccept(S3Node::close);
            throw e;
        }
        S3Node s3;
        try {
            s3 = s3Start.join();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "local stack up in {0} ms: kafka {1}, s3 {2}, data {3}",
                (System.nanoTime() - started) / 1_000_000, settings.kafkaBootstrap(), settings.s3Endpoint(),
                settings.dataDir());
        return new LocalStack(settings, kafka, s3);
    }

    public LocalStackSettings settings() {
        return settings;
    }

    public String kafkaBootstrap() {
        return settings.kafkaBootstrap();
    }

    public long kafkaPid() {
        return kafka.pid();
    }

    public long s3Pid() {
        return s3.pid();
    }

    /**
     * Stops the S3 server and starts it again on the same port and folder after {@code down} (the objects survive):
     * a fault for tests of the services' retries. Blocks until the new server answers.
     */
    public synchronized void outageOfS3(Duration down) throws InterruptedException {
        s3.close();
        LOG.log(System.Logger.Level.INFO, "s3 stopped for {0} s", down.toSeconds());
        Thread.sleep(down.toMillis());
        s3 = S3Node.start(settings, START_TIMEOUT);
        LOG.log(System.Logger.Level.INFO, "s3 back at {0}", settings.s3Endpoint());
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            s3.close();
        }
    }
}
