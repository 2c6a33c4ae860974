package dev.hetflow.datasets.record;

import dev.hetflow.datasets.tensor.DatasetSource;
import dev.hetflow.datasets.tensor.IndexedSource;
import dev.hetflow.datasets.tensor.SampleStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Turns a source's samples into tensor records and hands them to a sink (a Kafka producer's send): in parallel
 * for an {@link IndexedSource} (each thread takes the next free index, so records reach the sink roughly but not
 * exactly in index order), in order on the calling thread otherwise.
 */
public final class RecordPump {

    private RecordPump() {
    }

    /**
     * Pumps samples 0..count-1, or until {@code stop} answers true.
     *
     * @param sink    thread-safe when {@code threads > 1}
     * @param threads generator threads for an indexed source; 1 pumps on the calling thread
     * @return records handed to the sink
     */
    public static long run(DatasetSource source, String datasetId, int threads, Consumer<TensorRecord> sink,
                           BooleanSupplier stop) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (source instanceof IndexedSource indexed && threads > 1) {
            return parallel(indexed, datasetId, threads, sink, stop);
        }
        long pumped = 0;
        try (SampleStream samples = source.open()) {
            while (samples.hasNext() && !stop.getAsBoolean()) {
                sink.accept(TensorRecordCodec.encode(datasetId, samples.next()));
                pumped++;
            }
        }
        return pumped;
    }

    private static long parallel(IndexedSource source, String datasetId, int threads, Consumer<TensorRecord> sink,
                                 BooleanSupplier stop) {
        AtomicLong next = new AtomicLong();
        AtomicLong pumped = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    for (long i = next.getAndIncrement(); i < source.count(); i = next.getAndIncrement()) {
                        if (stop.getAsBoolean() || failure.get() != null) {
                            return;
                        }
                        sink.accept(TensorRecordCodec.encode(datasetId, source.tensor(i)));
                        pumped.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "record-pump-" + datasetId + "-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, e);
                workers.forEach(Thread::interrupt);
            }
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        if (e != null) {
            throw new IllegalStateException("record pump interrupted", e);
        }
        return pumped.get();
    }
}
