package dev.hetflow.data.stream;

import dev.hetflow.datasets.record.TensorRecord;
import dev.hetflow.datasets.record.TensorRecordCodec;
import dev.hetflow.datasets.tensor.SampleStream;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends a job's samples as tensor records, asynchronously (the producer batches and compresses), and waits until
 * the broker has acknowledged every one.
 */
@ApplicationScoped
class TensorPublisher {

    private final Producer<String, byte[]> producer;

    TensorPublisher(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** Streams the job's samples; returns false when it was asked to stop before the end. */
    boolean publish(StreamJob job) {
        String datasetId = job.manifest().id();
        String topic = job.manifest().topic();
        try (SampleStream samples = job.source().open()) {
            while (samples.hasNext()) {
                if (job.stopRequested()) {
                    producer.flush();
                    return false;
                }
                Throwable failure = job.sendFailure();
                if (failure != null) {
                    throw new IllegalStateException("the broker refused a record: " + failure.getMessage(), failure);
                }
                producer.send(toProducerRecord(topic, TensorRecordCodec.encode(datasetId, samples.next())),
                        (metadata, error) -> {
                            if (error == null) {
                                job.acknowledged();
                            } else {
                                job.sendFailed(error);
                            }
                        });
            }
        }
        producer.flush();
        Throwable failure = job.sendFailure();
        if (failure != null) {
            throw new IllegalStateException("the broker refused a record: " + failure.getMessage(), failure);
        }
        return true;
    }

    static ProducerRecord<String, byte[]> toProducerRecord(String topic, TensorRecord record) {
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, String> h : record.headers().entrySet()) {
            headers.add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(topic, null, record.key(), record.value(), headers);
    }
}
