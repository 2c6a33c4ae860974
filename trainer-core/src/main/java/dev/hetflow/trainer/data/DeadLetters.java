package dev.hetflow.trainer.data;

import dev.hetflow.common.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
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
    private final LongAdder sent = new LongAdder();

    public DeadLetters(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    public void send(ConsumerRecord<String, byte[]> record, String reason) {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.DEADLETTER, record.key(), record.value());
        for (Header h : record.headers()) {
            out.headers().add(h);
        }
        out.headers().add(REASON, utf8(reason));
        out.headers().add(TOPIC, utf8(record.topic()));
        out.headers().add(PARTITION, utf8(Integer.toString(record.partition())));
        out.headers().add(OFFSET, utf8(Long.toString(record.offset())));
        producer.send(out);
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
