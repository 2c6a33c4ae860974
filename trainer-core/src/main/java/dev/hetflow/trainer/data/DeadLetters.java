package dev.hetflow.trainer.data;

import dev.hetflow.common.topics.Topics;
import dev.hetflow.trainer.retry.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Puts a record the trainer cannot use on {@link Topics#DEADLETTER}: the original key, value and headers plus the
 * reason and origin, in the headers SmallRye's dead-letter strategy uses ({@code dead-letter-reason},
 * {@code dead-letter-topic}, {@code dead-letter-partition}, {@code dead-letter-offset}).
 */
public final class DeadLetters {

    public static final String REASON = "dead-letter-reason";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    private final Producer<String, byte[]> producer;
    private final LongAdder sent;
    private final RetryPolicy retry;
    private final RetryPolicy.Listener outages;

    public DeadLetters(Producer<String, byte[]> producer) {
        this(producer, RetryPolicy.DEFAULT);
    }

    public DeadLetters(Producer<String, byte[]> producer, RetryPolicy retry) {
        this(producer, new LongAdder(), retry, RetryPolicy.Listener.NONE);
    }

    private DeadLetters(Producer<String, byte[]> producer, LongAdder sent, RetryPolicy retry,
            RetryPolicy.Listener outages) {
        this.producer = producer;
        this.sent = sent;
        this.retry = retry;
        this.outages = outages;
    }

    /**
     * The same producer, policy and count, telling {@code outages} of each failed send attempt (a job puts them in
     * its status).
     */
    public DeadLetters reportingTo(RetryPolicy.Listener outages) {
        return new DeadLetters(producer, sent, retry, outages);
    }

    /**
     * Sends and waits for the broker's acknowledgement (retried under the policy), so a record is only skipped once
     * its dead letter is durable.
     */
    public void send(ConsumerRecord<String, byte[]> record, String reason) {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.DEADLETTER, record.key(), record.value());
        for (Header h : record.headers()) {
            out.headers().add(h);
        }
        out.headers().add(REASON, utf8(reason));
        out.headers().add(TOPIC, utf8(record.topic()));
        out.headers().add(PARTITION, utf8(Integer.toString(record.partition())));
        out.headers().add(OFFSET, utf8(Long.toString(record.offset())));
        String what = "dead-letter " + record.topic() + "/" + record.partition() + "@" + record.offset();
        retry.call(what, () -> {
            try {
                return producer.send(out).get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted: " + what, e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot " + what + ": " + e, e.getCause() != null ? e.getCause() : e);
            }
        }, outages);
        sent.increment();
    }

    /** Records sent so far (the trainer's metrics count them). */
    public double sent() {
        return sent.sum();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
