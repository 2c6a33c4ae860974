package dev.hetflow.data.stream;

import dev.hetflow.data.config.DataConfig;
import dev.hetflow.datasets.record.RecordPump;
import dev.hetflow.datasets.record.TensorRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends a job's samples as tensor records, asynchronously (the producer batches and compresses), generating
 * synthetic samples on several threads, and waits until the broker has acknowledged every one.
 */
@ApplicationScoped
class TensorPublisher {

    private final Producer<String, byte[]> producer;
    private final int generatorThreads;

    TensorPublisher(Producer<String, byte[]> producer, DataConfig config) {
        this.producer = producer;
        this.generatorThreads = config.generatorThreads();
    }

    /** Streams the job's samples; returns false when it was asked to stop before the end. */
    boolean publish(StreamJob job) {
        String topic = job.manifest().topic();
        RecordPump.run(job.source(), job.manifest().id(), generatorThreads, record -> {
            producer.send(toProducerRecord(topic, record), (metadata, error) -> {
                if (error == null) {
                    job.acknowledged();
                } else {
                    job.sendFailed(error);
                }
            });
        }, () -> job.stopRequested() || job.sendFailure() != null);
        producer.flush();
        Throwable failure = job.sendFailure();
        if (failure != null) {
            throw new IllegalStateException("the broker refused a record: " + failure.getMessage(), failure);
        }
        return !job.stopRequested();
    }

    static ProducerRecord<String, byte[]> toProducerRecord(String topic, TensorRecord record) {
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, String> h : record.headers().entrySet()) {
            headers.add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(topic, null, record.key(), record.value(), headers);
    }
}
