package dev.hetflow.sampler.registry;

import dev.hetflow.common.events.MalformedEventException;
import dev.hetflow.common.models.ModelPublished;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.sampler.config.SamplerConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * At start-up, reads {@code hetflow.models} from the beginning to its current end and loads the newest
 * {@code keep-versions} announced versions of every model, off the start-up thread; ready once done. Only announced
 * versions are served: a manifest in the object store that no {@code model.published} names (an intermediate
 * checkpoint of a running or failed job, or a file written by someone else) is never loaded. The event consumer keeps
 * reading after that; loading is idempotent per version.
 */
@ApplicationScoped
class StartupReload {

    private static final Logger LOG = Logger.getLogger(StartupReload.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final ModelUpdates updates;
    private final int keepVersions;
    private final String bootstrap;
    private volatile boolean done;

    StartupReload(ModelUpdates updates, SamplerConfig config,
                  @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.updates = updates;
        this.keepVersions = Math.max(1, config.keepVersions());
        this.bootstrap = bootstrap;
    }

    void onStart(@Observes StartupEvent event) {
        Thread thread = new Thread(this::reload, "model-reload");
        thread.setDaemon(true);
        thread.start();
    }

    boolean done() {
        return done;
    }

    private void reload() {
        while (!done) {
            try {
                Map<String, TreeMap<Integer, ModelPublished>> announced = readAnnouncements();
                announced.forEach((id, versions) -> versions.descendingMap().values().stream().limit(keepVersions)
                        .sorted((a, b) -> Integer.compare(a.version(), b.version()))
                        .forEach(p -> updates.apply(p.modelId(), p.version(), p.manifestKey(), p.manifestSha256())));
                LOG.infof("start-up reload: %d announced models in %s", announced.size(), Topics.MODELS);
                done = true;
            } catch (RuntimeException e) {
                LOG.warnf("start-up reload: cannot read %s yet, retrying in %d s: %s", Topics.MODELS,
                        RETRY.toSeconds(), e.getMessage());
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Every model.published on the topic up to its end at start, by model and version. */
    private Map<String, TreeMap<Integer, ModelPublished>> readAnnouncements() {
        Map<String, TreeMap<Integer, ModelPublished>> found = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.MODELS, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    try {
                        Announcements.read(record).ifPresent(p -> found
                                .computeIfAbsent(p.modelId(), id -> new TreeMap<>()).put(p.version(), p));
                    } catch (MalformedEventException e) {
                        // the event consumer dead-letters it; here it is only skipped
                        LOG.debugf("start-up reload: skipping %s-%d@%d: %s", record.topic(), record.partition(),
                                record.offset(), e.getMessage());
                    }
                }
            }
        }
        return found;
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "hetflow-sampler-reload");
        return p;
    }
}
