package dev.hetflow.trainer.data;

import dev.hetflow.trainer.loop.BatchStream;
import dev.hetflow.trainer.loop.EpochData;
import dev.hetflow.trainer.model.SampleShape;
import dev.hetflow.datasets.tensor.Redequantizer;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * A data set's tensor records on Kafka as epochs: every pass opens a consumer that is assigned all partitions of the
 * topic (no consumer group, no committed offsets: the checkpoint holds the positions), seeks to the beginning (or to
 * a checkpoint's positions) and reads up to the end offsets seen when the pass opened. Records are decoded batch by
 * batch, so memory holds one poll and one batch, never the data set. A homogeneous job trains on the leading image
 * channels of heterogeneous records ({@code trainedShape} a prefix of {@code recordShape}). Training batches get
 * their dequantization noise drawn afresh ({@link Redequantizer}: same levels, new offsets, a stream seeded per
 * epoch), as FFJORD draws it every batch; validation batches keep the records' own noise, so every epoch is
 * validated on the same values.
 */
public final class KafkaEpochData implements EpochData {

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final String topic;
    private final String datasetId;
    private final SampleShape recordShape;
    private final SampleShape trainedShape;
    private final int batchSize;
    private final SplitRule split;
    private final DeadLetters deadLetters;
    private final Redequantizer fresh;
    private final java.util.List<RecordDecoder> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean reporting = true;

    /** Records trained as they are stored (no fresh noise). */
    public KafkaEpochData(Supplier<Consumer<String, byte[]>> consumers, String topic, String datasetId,
            SampleShape recordShape, SampleShape trainedShape, int batchSize, SplitRule split,
            DeadLetters deadLetters) {
        this(consumers, topic, datasetId, recordShape, trainedShape, batchSize, split, deadLetters, null);
    }

    /** @param fresh redraws the training batches' dequantization noise; null to train the stored values */
    public KafkaEpochData(Supplier<Consumer<String, byte[]>> consumers, String topic, String datasetId,
            SampleShape recordShape, SampleShape trainedShape, int batchSize, SplitRule split,
            DeadLetters deadLetters, Redequantizer fresh) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.consumers = consumers;
        this.topic = topic;
        this.datasetId = datasetId;
        if (trainedShape.dimensions() > recordShape.dimensions()
                || trainedShape.height() != recordShape.height() || trainedShape.width() != recordShape.width()) {
            throw new IllegalArgumentException("cannot train " + trainedShape + " on records of " + recordShape);
        }
        this.recordShape = recordShape;
        this.trainedShape = trainedShape;
        this.batchSize = batchSize;
        this.split = split;
        this.deadLetters = deadLetters;
        this.fresh = fresh;
    }

    /**
     * Epoch 0's passes (training, then validation) report what they reject to the dead-letter topic and count it;
     * later epochs meet the same records and skip them silently, so each bad record is reported once per job
     * (twice only when a crash falls between reporting it and the next checkpoint).
     */
    @Override
    public BatchStream training(int epoch, Map<Integer, Long> resumeFrom) {
        reporting = epoch == 0;
        RecordBatchStream stream = new RecordBatchStream(consumers.get(), topic, resumeFrom, decoder(), trainedShape,
                batchSize, i -> !split.isValidation(i), true);
        if (fresh != null) {
            // seeded by the epoch and where it resumes, so a rerun of the same epoch draws the same noise
            stream.redequantize(fresh, new SplittableRandom(0x9E3779B97F4A7C15L * (epoch + 1) ^ resumeFrom.hashCode()));
        }
        return stream;
    }

    @Override
    public BatchStream validation() {
        return new RecordBatchStream(consumers.get(), topic, Map.of(), decoder(), trainedShape, batchSize,
                split::isValidation, false);
    }

    /** Records dead-lettered by this object's passes so far. */
    public long deadLettered() {
        return reported.stream().mapToLong(RecordDecoder::rejected).sum();
    }

    private RecordDecoder decoder() {
        if (!reporting) {
            return new RecordDecoder(datasetId, recordShape, null);
        }
        RecordDecoder d = new RecordDecoder(datasetId, recordShape, deadLetters);
        reported.add(d);
        return d;
    }
}
