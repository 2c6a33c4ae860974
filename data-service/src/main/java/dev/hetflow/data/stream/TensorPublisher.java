package dev.hetflow.data.stream;

import dev.hetflow.data.config.DataConfig;
import dev.hetflow.datasets.record.RecordPump;
import dev.hetflow.datasets.record.TensorRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
    private final MeterRegistry meters;

    TensorPublisher(Producer<String, byte[]> producer, DataConfig config, MeterRegistry meters) {
        this.producer = producer;
        this.generatorThreads = config.generatorThreads();
        this.meters = meters;
    }

    /** Streams the job's samples; returns false when it was asked to stop before the end. */
    boolean publish(StreamJob job) {
        String topic = job.manifest().topic();
        // acknowledged by the broker / refused by it (a refused record fails the stream: nothing is skipped)
        Counter produced = meters.counter("hetflow.data.records.produced", "dataset", job.manifest().id());
        Counter refused = meters.counter("hetflow.data.records.refused", "dataset", job.manifest().id());
        RecordPump.run(job.source(), job.manifest().id(), generatorThreads, record -> {
            producer.send(toProducerRecord(topic, record), (metadata, error) -> {
                if (error == null) {
                    produced.increment();
                    job.acknowledged();
                } else {
                    refused.increment();
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
