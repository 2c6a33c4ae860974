package dev.hetflow.data.stream;

import dev.hetflow.data.config.DataConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import io.smallrye.common.annotation.Identifier;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The service's Kafka producer (shared, thread-safe) and admin client, closed with the application. Both start from
 * the standard client settings of the configuration ({@code kafka.*}: {@code bootstrap.servers},
 * {@code security.protocol}, {@code sasl.*}, {@code ssl.*}, ...; Quarkus' {@code default-kafka-broker} map), with the
 * tuning below on top.
 */
@ApplicationScoped
class KafkaClients {

    private final Map<String, Object> kafka;
    private final DataConfig config;

    KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafka, DataConfig config) {
        this.kafka = kafka;
        this.config = config;
    }

    private Properties base() {
        Properties p = new Properties();
        kafka.forEach((k, v) -> {
            if (v != null && !k.contains("serializer")) {
                p.put(k, v.toString());
            }
        });
        return p;
    }

    @Produces
    @ApplicationScoped
    Producer<String, byte[]> producer() {
        Properties p = base();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "data-service");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, config.producer().batchSize());
        p.put(ProducerConfig.LINGER_MS_CONFIG, config.producer().lingerMs());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.producer().compression());
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, config.producer().bufferMemory());
        p.put(ProducerConfig.ACKS_CONFIG, config.producer().acks());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "all".equals(config.producer().acks()));
        // One request in flight: against a just-created topic the first batches can meet NOT_LEADER_OR_FOLLOWER,
        // and with several idempotent batches in flight the producer was seen retrying OUT_OF_ORDER_SEQUENCE_NUMBER
        // for minutes. Large requests keep the pipe full instead.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.producer().maxRequestSize());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, config.producer().deliveryTimeoutMs());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    void closeProducer(@Disposes Producer<String, byte[]> producer) {
        producer.close(Duration.ofSeconds(10));
    }

    @Produces
    @ApplicationScoped
    Admin admin() {
        Properties p = base();
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "data-service-admin");
        return Admin.create(p);
    }

    void closeAdmin(@Disposes Admin admin) {
        admin.close(Duration.ofSeconds(10));
    }
}
