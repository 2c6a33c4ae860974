package dev.hetflow.data.stream;

import dev.hetflow.data.config.DataConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates tensor and manifest topics, counts and truncates their records. */
@ApplicationScoped
public class TopicAdmin {

    private static final long TIMEOUT_S = 30;

    private final Admin admin;
    private final DataConfig config;

    TopicAdmin(Admin admin, DataConfig config) {
        this.admin = admin;
        this.config = config;
    }

    /** Creates a tensor topic with the configured partitions unless it exists, and waits for its leaders. */
    public void ensureTensorTopic(String topic) {
        Map<String, String> configs = new HashMap<>(common());
        configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(config.topics().tensorRetentionMs()));
        create(newTopic(topic, config.tensorPartitions()).configs(configs));
        awaitLeaders(topic);
    }

    private NewTopic newTopic(String topic, int partitions) {
        short rf = config.topics().replicationFactor();
        return new NewTopic(topic, java.util.Optional.of(partitions),
                rf < 1 ? java.util.Optional.empty() : java.util.Optional.of(rf));
    }

    private Map<String, String> common() {
        Map<String, String> configs = new HashMap<>();
        config.topics().minInsyncReplicas().ifPresent(n -> configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                Integer.toString(n)));
        return configs;
    }

    /** Waits until every partition has a leader that answers offset requests (the admin client retries until). */
    private void awaitLeaders(String topic) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (true) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(TIMEOUT_S, TimeUnit.SECONDS).get(topic);
                if (d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    offsets(topic);
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe " + topic + ": " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException | TimeoutException e) {
                throw interrupted("describe " + topic, e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has no leader after " + TIMEOUT_S + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw interrupted("await leaders of " + topic, e);
            }
        }
    }

    /** Creates a compacted topic (one partition) unless it exists. */
    public void ensureCompactedTopic(String topic) {
        Map<String, String> configs = new HashMap<>(common());
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        create(newTopic(topic, 1).configs(configs));
    }

    /** Records currently readable in {@code topic} (end minus start offsets); 0 when it does not exist. */
    public long recordCount(String topic) {
        Map<TopicPartition, long[]> offsets = offsets(topic);
        return offsets.values().stream().mapToLong(o -> o[1] - o[0]).sum();
    }

    /**
     * Deletes every record of {@code topic} (a stream that stopped or failed half-way) so that a re-run does not
     * duplicate them; returns how many there were.
     */
    public long truncate(String topic) {
        Map<TopicPartition, long[]> offsets = offsets(topic);
        Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
        long removed = 0;
        for (var e : offsets.entrySet()) {
            if (e.getValue()[1] > e.getValue()[0]) {
                deletions.put(e.getKey(), RecordsToDelete.beforeOffset(e.getValue()[1]));
                removed += e.getValue()[1] - e.getValue()[0];
            }
        }
        if (!deletions.isEmpty()) {
            await(admin.deleteRecords(deletions).all(), "truncate " + topic);
        }
        return removed;
    }

    public boolean exists(String topic) {
        return await(admin.listTopics().names(), "list topics").contains(topic);
    }

    /** Start and end offset of every partition. */
    private Map<TopicPartition, long[]> offsets(String topic) {
        TopicDescription description;
        try {
            description = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS)
                    .get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Map.of();
            }
            throw new IllegalStateException("cannot describe " + topic + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw interrupted("describe " + topic, e);
        }
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        description.partitions().forEach(p -> {
            TopicPartition tp = new TopicPartition(topic, p.partition());
            earliest.put(tp, OffsetSpec.earliest());
            latest.put(tp, OffsetSpec.latest());
        });
        var starts = await(admin.listOffsets(earliest).all(), "list offsets of " + topic);
        var ends = await(admin.listOffsets(latest).all(), "list offsets of " + topic);
        Map<TopicPartition, long[]> out = new HashMap<>();
        for (TopicPartition tp : earliest.keySet()) {
            out.put(tp, new long[] {starts.get(tp).offset(), ends.get(tp).offset()});
        }
        return out;
    }

    private void create(NewTopic topic) {
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause(),
                        e.getCause());
            }
        } catch (InterruptedException | TimeoutException e) {
            throw interrupted("create topic " + topic.name(), e);
        }
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw interrupted(what, e);
        }
    }

    private static IllegalStateException interrupted(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException("cannot " + what + ": " + e, e);
    }
}
