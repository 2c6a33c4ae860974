package dev.hetflow.trainer.data;

import dev.hetflow.datasets.tensor.Redequantizer;
import dev.hetflow.datasets.tensor.TensorSample;
import dev.hetflow.trainer.loop.BatchStream;
import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.SampleShape;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * One pass over a topic's records that the index filter admits, handed out in batches. Positions advance per
 * partition only past records that are accounted for: trained in a handed-out batch, filtered out or dead-lettered.
 */
final class RecordBatchStream implements BatchStream {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA = Duration.ofSeconds(30);

    private final Consumer<String, byte[]> consumer;
    private final RecordDecoder decoder;
    private final int batchSize;
    private final LongPredicate admit;
    private final boolean reportUnindexed;
    private final Map<TopicPartition, Long> end = new HashMap<>();
    private final Map<Integer, Long> positions = new HashMap<>();
    private final ArrayDeque<ConsumerRecord<String, byte[]>> pending = new ArrayDeque<>();
    private final SampleShape shape;
    private Redequantizer fresh;
    private RandomGenerator rng;

    RecordBatchStream(Consumer<String, byte[]> consumer, String topic, Map<Integer, Long> resumeFrom,
            RecordDecoder decoder, SampleShape shape, int batchSize, LongPredicate admit, boolean reportUnindexed) {
        this.consumer = consumer;
        this.reportUnindexed = reportUnindexed;
        this.shape = shape;
        this.decoder = decoder;
        this.batchSize = batchSize;
        this.admit = admit;
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA);
        if (infos == null || infos.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        consumer.assign(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, METADATA);
        end.putAll(consumer.endOffsets(partitions, METADATA));
        for (TopicPartition p : partitions) {
            long start = Math.max(begin.get(p), resumeFrom.getOrDefault(p.partition(), begin.get(p)));
            consumer.seek(p, start);
            positions.put(p.partition(), start);
        }
    }

    @Override
    public Batch next() {
        List<TensorSample> samples = new ArrayList<>(batchSize);
        while (samples.size() < batchSize) {
            if (pending.isEmpty() && !fill()) {
                break;
            }
            ConsumerRecord<String, byte[]> r = pending.poll();
            positions.put(r.partition(), r.offset() + 1);
            Long index = index(r);
            if (index == null) {
                // no index, no split: it belongs to neither; the training pass reports it, the validation pass not
                if (reportUnindexed) {
                    decoder.reject(r, "key " + r.key() + " is not a sample index (TensorRecordFormat keys records "
                            + "by index)");
                }
                continue;
            }
            if (!admit.test(index)) {
                continue;
            }
            TensorSample s = decoder.decode(r);
            if (s != null) {
                samples.add(s);
            }
        }
        if (samples.isEmpty()) {
            return null;
        }
        // the trained channels are the leading ones, C-major: a prefix of each sample's values
        int d = shape.dimensions();
        float[] values = new float[samples.size() * d];
        for (int i = 0; i < samples.size(); i++) {
            System.arraycopy(samples.get(i).values(), 0, values, i * d, d);
        }
        if (fresh != null) {
            fresh.apply(values, d, rng);
        }
        return new Batch(values, samples.size(), shape);
    }

    /** Redraws each batch's dequantization noise with {@code redequantizer} from {@code random}. */
    void redequantize(Redequantizer redequantizer, RandomGenerator random) {
        this.fresh = redequantizer;
        this.rng = random;
    }

    /** The key is the sample index (TensorRecordFormat); null when it is not a non-negative number. */
    private static Long index(ConsumerRecord<String, byte[]> r) {
        try {
            long i = Long.parseLong(r.key());
            return i >= 0 ? i : null;
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }

    /** Polls until records arrive or every partition has reached its end offset; false at the end of the pass. */
    private boolean fill() {
        while (!done()) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() < end.get(tp)) {
                    pending.add(r);
                }
            }
            if (!pending.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private boolean done() {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Map<Integer, Long> positions() {
        return Map.copyOf(positions);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
