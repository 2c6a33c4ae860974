package dev.hetflow.trainer.data;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The trainer's Kafka clients: group-less consumers for epochs, one idempotent producer for events and dead letters.
 * Each is built from the service's standard client settings ({@code kafka.*} in the Quarkus configuration, e.g.
 * {@code bootstrap.servers}, {@code security.protocol}, {@code sasl.*}, {@code ssl.*}), with the keys below set on top.
 *
 * <p>Why the epoch reader has no consumer group: an epoch must read every partition of the topic from a position
 * the checkpoint holds (the group's committed offsets would be a second, disagreeing record of progress), two jobs
 * on one data set must each read all of it (in one group they would split the partitions), and a pass ends at the
 * end offsets seen when it opened, which assignment gives without a group's rebalances and session timeouts.
 */
public final class KafkaClients {

    /** Records per poll: 500 PIV 4x32x32 samples are 8 MB, one poll's worth of memory. */
    private static final int MAX_POLL_RECORDS = 500;

    private KafkaClients() {
    }

    public static Consumer<String, byte[]> consumer(String bootstrap, String clientId) {
        return consumer(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), clientId);
    }

    /** A group-less epoch consumer on top of {@code settings} (the standard client settings). */
    public static Consumer<String, byte[]> consumer(Map<String, ?> settings, String clientId) {
        Properties p = base(settings);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_POLL_RECORDS));
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(1 << 16));
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    public static Producer<String, byte[]> producer(String bootstrap, String clientId) {
        return producer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), clientId);
    }

    /** The idempotent acks=all producer on top of {@code settings} (the standard client settings). */
    public static Producer<String, byte[]> producer(Map<String, ?> settings, String clientId) {
        Properties p = base(settings);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * The client settings that apply to every client: connection and security ({@code bootstrap.servers},
     * {@code security.protocol}, {@code sasl.*}, {@code ssl.*}, {@code client.dns.lookup}, ...). Serializer and
     * group keys are the clients' own and are dropped.
     */
    static Properties base(Map<String, ?> settings) {
        Properties p = new Properties();
        settings.forEach((k, v) -> {
            if (v != null && !k.contains("serializer") && !k.contains("deserializer")) {
                p.put(k, v.toString());
            }
        });
        if (!p.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("the Kafka settings name no bootstrap.servers");
        }
        return p;
    }
}
