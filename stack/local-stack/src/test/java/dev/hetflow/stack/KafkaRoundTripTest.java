package dev.hetflow.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.common.events.CloudEvent;
import dev.hetflow.common.events.CloudEventHeaders;
import dev.hetflow.common.events.EventTypes;
import dev.hetflow.common.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaRoundTripTest {

    private final LocalStack stack = SharedLocalStack.get();

    @Test
    void recordsWithCloudEventHeadersRoundTripThroughTheRealBroker() {
        String topic = Topics.tensors("roundtrip-" + UUID.randomUUID().toString().substring(0, 8));
        List<CloudEvent> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < 200; i++) {
                byte[] payload = ("{\"index\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                CloudEvent event = CloudEvent.json("/hetflow/test", EventTypes.DATASET_PUBLISHED, "key-" + i, payload);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.subject(), event.data());
                CloudEventHeaders.write(event, record.headers());
                producer.send(record);
                sent.add(event);
            }
            producer.flush();
        }
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < sent.size() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        assertEquals(sent.size(), received.size(), "every record sent comes back");
        for (int i = 0; i < sent.size(); i++) {
            CloudEvent read = CloudEventHeaders.read(received.get(i).headers(), received.get(i).value());
            assertEquals(sent.get(i).id(), read.id());
            assertEquals(sent.get(i).type(), read.type());
            assertEquals(sent.get(i).subject(), received.get(i).key());
            assertEquals(sent.get(i).time(), read.time());
            assertArrayEquals(sent.get(i).data(), read.data());
        }
    }

    @Test
    void fixedTopicsExistUpFrontAndManifestTopicsAreCompacted() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        try (Admin admin = Admin.create(props)) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            Topics.FIXED.forEach(spec -> assertTrue(names.contains(spec.name()), spec.name() + " exists"));
            ConfigResource models = new ConfigResource(ConfigResource.Type.TOPIC, Topics.MODELS);
            Map<ConfigResource, org.apache.kafka.clients.admin.Config> configs =
                    admin.describeConfigs(List.of(models)).all().get(30, TimeUnit.SECONDS);
            assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT,
                    configs.get(models).get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
