package dev.hetflow.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.common.topics.Topics;
import dev.hetflow.trainer.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A dead letter whose send fails while the partition's leader moves is retried, and a job's view is told why. */
class DeadLettersTest {

    private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20),
            Duration.ofSeconds(5));

    @Test
    void aRetriedSendIsReportedToTheJobsViewAndCountedOnce() {
        AtomicInteger sends = new AtomicInteger();
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
                if (sends.incrementAndGet() <= 2) {
                    return CompletableFuture.failedFuture(new NotLeaderOrFollowerException("leader moving"));
                }
                return super.send(record);
            }
        };
        DeadLetters shared = new DeadLetters(producer, FAST);
        List<String> reported = new ArrayList<>();
        DeadLetters job = shared.reportingTo((what, attempt, outage, error) -> reported.add(what + " #" + attempt));

        job.send(new ConsumerRecord<>("hetflow.tensors.d", 0, 17L, "x", new byte[] {1}), "NaN at 3");

        assertEquals(List.of("dead-letter hetflow.tensors.d/0@17 #1", "dead-letter hetflow.tensors.d/0@17 #2"),
                reported);
        assertEquals(1, producer.history().size(), "sent once it worked");
        assertEquals(Topics.DEADLETTER, producer.history().get(0).topic());
        assertEquals(1.0, shared.sent(), "the job's view counts into the shared count");
        assertTrue(new String(producer.history().get(0).headers().lastHeader(DeadLetters.REASON).value(),
                java.nio.charset.StandardCharsets.UTF_8).contains("NaN"));
    }
}
