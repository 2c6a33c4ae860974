package dev.hetflow.sampler.export;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes exported samples to their per-export topic (created on first use, deleted with the export). A plain
 * producer: the topic name is known only per export, which static messaging channels do not express. The producer
 * and admin client start from the standard client settings ({@code kafka.*}: security.protocol, sasl.*, ssl.*); the
 * topic gets the broker's default replication factor.
 */
@ApplicationScoped
class SampleRecords {

    private final Map<String, Object> kafka;
    private volatile KafkaProducer<String, byte[]> producer;

    SampleRecords(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.kafka = kafka;
    }

    private Map<String, Object> settings(Map<String, Object> own) {
        Map<String, Object> p = new java.util.HashMap<>();
        kafka.forEach((k, v) -> {
            if (v != null && !k.contains("serializer")) {
                p.put(k, v);
            }
        });
        p.putAll(own);
        return p;
    }

    /** Deletes an export's topic; a topic already gone is not an error. */
    void deleteTopic(String topic) {
        try (Admin admin = Admin.create(settings(Map.of()))) {
            admin.deleteTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                throw new IllegalStateException("cannot delete topic " + topic + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted deleting topic " + topic, e);
        }
    }

    void createTopic(String topic) {
        try (Admin admin = Admin.create(settings(Map.of()))) {
            admin.createTopics(List.of(new NewTopic(topic, java.util.Optional.of(1), java.util.Optional.empty()))).all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topic " + topic, e);
        }
    }

    /** Sends and waits for every record of a shard, so progress counts only what the broker holds. */
    void send(String topic, String exportId, List<Map.Entry<String, byte[]>> records) {
        KafkaProducer<String, byte[]> p = producer();
        var futures = records.stream().map(r -> {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, r.getKey(), r.getValue());
            record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            record.headers().add("hetflow-export-id", exportId.getBytes(StandardCharsets.UTF_8));
            return p.send(record);
        }).toList();
        for (var future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot write to " + topic + ": " + e.getCause().getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted writing to " + topic, e);
            }
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(settings(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.LINGER_MS_CONFIG, 5)), new StringSerializer(), new ByteArraySerializer());
                }
            }
        }
        return producer;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
