package dev.hetflow.stack;

import dev.hetflow.common.topics.TopicSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;

/** One Apache Kafka 4.4 node in KRaft mode, broker and controller combined, in a child JVM. */
final class KafkaNode implements AutoCloseable {

    private static final String RUNTIME = "kafka-runtime";

    private final ChildProcess process;
    private final String bootstrap;

    private KafkaNode(ChildProcess process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    static KafkaNode start(LocalStackSettings settings, Duration timeout) {
        Path home = settings.dataDir().resolve("kafka");
        Path config = home.resolve("server.properties");
        String classpath = ChildClasspath.of(RUNTIME);
        List<String> jvm = List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info");
        try {
            Files.createDirectories(home);
            Files.writeString(config, serverProperties(settings, home.resolve("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log = settings.dataDir().resolve("kafka.log");
        // Format once: a user's stack keeps its data (and cluster id) across restarts.
        if (!Files.exists(home.resolve("data").resolve("meta.properties"))) {
            try (ChildProcess format = ChildProcess.start("kafka-storage-format", classpath, jvm,
                    "kafka.tools.StorageTool", List.of("format", "-t", Uuid.randomUuid().toString(), "-c",
                            config.toString()), log)) {
                format.awaitSuccess(timeout.toSeconds());
            }
        }
        ChildProcess broker = ChildProcess.start("kafka", classpath, jvm, "kafka.Kafka",
                List.of(config.toString()), log);
        KafkaNode node = new KafkaNode(broker, settings.kafkaBootstrap());
        try {
            node.awaitReady(timeout);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private static String serverProperties(LocalStackSettings s, Path logDirs) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + s.controllerPort(),
                "listeners=PLAINTEXT://127.0.0.1:" + s.kafkaPort() + ",CONTROLLER://127.0.0.1:" + s.controllerPort(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + s.kafkaPort(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + logDirs,
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "message.max.bytes=16777216",
                "") ;
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(props);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        while (!FreePorts.accepts(port)) { // nothing listens yet: wait before the admin client starts retrying
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited during start-up; see " + process.logFile());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka did not listen within " + timeout + "; see " + process.logFile());
            }
            sleep(100);
        }
        try (Admin admin = admin()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited during start-up; see " + process.logFile());
                }
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not ready yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka was not ready within " + timeout + "; see " + process.logFile());
                }
                sleep(200);
            }
        }
    }

    /** Creates the topics that do not exist yet. */
    void createTopics(List<TopicSpec> topics) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.compacted()
                            ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                            : Map.of()))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot create topics " + topics, e);
        }
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return process.logFile();
    }

    @Override
    public void close() {
        process.close();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
