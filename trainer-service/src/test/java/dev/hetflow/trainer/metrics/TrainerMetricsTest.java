package dev.hetflow.trainer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.trainer.data.DeadLetters;
import dev.hetflow.trainer.jobs.JobState;
import dev.hetflow.trainer.jobs.JobStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TrainerMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TrainerMetrics metrics = new TrainerMetrics(meters);

    @Test
    void jobGaugesFollowTheLiveStatus() {
        AtomicReference<JobStatus> status = new AtomicReference<>(new JobStatus("j1", JobState.RUNNING, null, 2, 40,
                1.25, 3.5, 3.75, 120, 0.001, 64.0, 10.0, 1, 0, Instant.now(), 3.7, "dopri5", 0, null));
        metrics.track("j1", () -> Optional.ofNullable(status.get()));
        metrics.track("j1", () -> Optional.empty()); // once per job
        assertEquals(1.0, gauge("hetflow.trainer.job.state", "state", "RUNNING"));
        assertEquals(0.0, gauge("hetflow.trainer.job.state", "state", "FINISHED"));
        assertEquals(1.25, gauge("hetflow.trainer.job.loss", null, null));
        assertEquals(3.5, gauge("hetflow.trainer.job.bits.per.dim", "split", "train"));
        assertEquals(3.75, gauge("hetflow.trainer.job.bits.per.dim", "split", "valid"));
        assertEquals(3.7, gauge("hetflow.trainer.job.bits.per.dim", "split", "valid-train-solver"));
        assertEquals(120.0, gauge("hetflow.trainer.job.nfe", null, null));
        assertEquals(64.0, gauge("hetflow.trainer.job.samples.per.second", null, null));
        status.set(new JobStatus("j1", JobState.FINISHED, "MAX_EPOCHS", 2, 40, 1.25, 3.5, 3.75, 120, 0.001, 64.0, null,
                1, 1, Instant.now(), 3.7, "dopri5", 0, null));
        assertEquals(0.0, gauge("hetflow.trainer.job.state", "state", "RUNNING"));
        assertEquals(1.0, gauge("hetflow.trainer.job.state", "state", "FINISHED"));
    }

    @Test
    void deadLettersAreCounted() {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        DeadLetters deadLetters = new DeadLetters(producer);
        metrics.deadLetters(deadLetters);
        deadLetters.send(new ConsumerRecord<>("hetflow.tensors.x", 0, 7, "k", new byte[] {1}), "bad shape");
        deadLetters.send(new ConsumerRecord<>("hetflow.tensors.x", 0, 8, "k", new byte[] {2}), "bad shape");
        assertEquals(2.0, meters.get("hetflow.trainer.records.dead.lettered").functionCounter().count());
    }

    @Test
    void aTrackedConsumerUnbindsItsMetricsWhenClosed() {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        var tracked = metrics.withLag(consumer);
        tracked.close();
        assertTrue(consumer.closed());
    }

    private double gauge(String name, String tag, String value) {
        var search = meters.find(name).tag("job", "j1");
        if (tag != null) {
            search = search.tag(tag, value);
        }
        return search.gauge().value();
    }
}
