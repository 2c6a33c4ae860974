package dev.hetflow.bench.piv;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The data-service's tensor producer settings (its {@code hetflow.data.producer.*} defaults), repeated here because
 * the benchmarks do not depend on the service. Both sides of the comparison use them, so the ratio measures what
 * generating and encoding the samples costs the stream, not a difference in producer tuning.
 */
public final class TunedProducer {

    private TunedProducer() {
    }

    public static KafkaProducer<String, byte[]> create(String bootstrap, String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 524288);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 67108864L);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4194304);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60000);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
