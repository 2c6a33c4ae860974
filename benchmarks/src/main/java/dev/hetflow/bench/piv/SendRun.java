package dev.hetflow.bench.piv;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import dev.hetflow.datasets.record.RecordPump;
import dev.hetflow.datasets.record.TensorRecord;
import dev.hetflow.datasets.tensor.IndexedSource;
import java.util.concurrent.atomic.AtomicLong;

/** Sends {@code count} records from a source of records and times it until the broker acknowledged all. */
public final class SendRun {

    private SendRun() {
    }

    /**
     * Result of one run.
     *
     * @param records records sent and acknowledged
     * @param bytes   value bytes sent
     * @param seconds wall time from the first send to the last acknowledgement
     * @param cpu     CPU time spent meanwhile by this JVM, the broker and the machine
     */
    public record Result(long records, long bytes, double seconds, CpuTime cpu) {

        public double recordsPerSecond() {
            return records / seconds;
        }

        public double bytesPerSecond() {
            return bytes / seconds;
        }

        /** CPU microseconds per record spent by this JVM (generation, encoding, producer threads). */
        public double selfCpuMicrosPerRecord() {
            return cpu.self() * 1e6 / records;
        }

        /** CPU microseconds per record spent by the child processes (the broker). */
        public double brokerCpuMicrosPerRecord() {
            return cpu.children() * 1e6 / records;
        }

        /** Both runs together, as one; {@code a} may be null (nothing yet). */
        public static Result sum(Result a, Result b) {
            if (a == null) {
                return b;
            }
            return new Result(a.records + b.records, a.bytes + b.bytes, a.seconds + b.seconds,
                    new CpuTime(a.cpu.self() + b.cpu.self(), a.cpu.children() + b.cpu.children(),
                            a.cpu.machine() + b.cpu.machine()));
        }

        /** Mean number of the machine's cores busy (with anyone's work) during the run. */
        public double machineCoresBusy() {
            return cpu.machine() / seconds;
        }
    }

    public static Result run(KafkaProducer<String, byte[]> producer, String topic, long count,
                             LongFunction<TensorRecord> records) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long bytes = 0;
        CpuTime cpu = CpuTime.now();
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            TensorRecord record = records.apply(i);
            bytes += record.value().length;
            producer.send(toProducerRecord(topic, record), (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
            });
        }
        producer.flush();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("a send failed", failure.get());
        }
        return new Result(count, bytes, seconds, CpuTime.now().since(cpu));
    }

    /** Pumps {@code source} into {@code topic} as the data-service's TensorPublisher does, and times it. */
    public static Result pump(KafkaProducer<String, byte[]> producer, String topic, IndexedSource source,
                              String datasetId, int threads) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong bytes = new AtomicLong();
        CpuTime cpu = CpuTime.now();
        long start = System.nanoTime();
        long records = RecordPump.run(source, datasetId, threads, record -> {
            bytes.addAndGet(record.value().length);
            producer.send(toProducerRecord(topic, record), (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
            });
        }, () -> failure.get() != null);
        producer.flush();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("a send failed", failure.get());
        }
        return new Result(records, bytes.get(), seconds, CpuTime.now().since(cpu));
    }

    /** The same conversion the data-service's TensorPublisher makes. */
    static ProducerRecord<String, byte[]> toProducerRecord(String topic, TensorRecord record) {
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, String> h : record.headers().entrySet()) {
            headers.add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(topic, null, record.key(), record.value(), headers);
    }
}
