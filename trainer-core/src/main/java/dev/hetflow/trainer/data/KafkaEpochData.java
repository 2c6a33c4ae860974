package dev.hetflow.trainer.data;

import dev.hetflow.trainer.loop.BatchStream;
import dev.hetflow.trainer.loop.EpochData;
import dev.hetflow.trainer.model.SampleShape;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * A data set's tensor records on Kafka as epochs: every pass opens a consumer that is assigned all partitions of the
 * topic (no consumer group, no committed offsets: the checkpoint holds the positions), seeks to the beginning (or to
 * a checkpoint's positions) and reads up to the end offsets seen when the pass opened. Records are decoded batch by
 * batch, so memory holds one poll and one batch, never the data set. A homogeneous job trains on the leading image
 * channels of heterogeneous records ({@code trainedShape} a prefix of {@code recordShape}).
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

    public KafkaEpochData(Supplier<Consumer<String, byte[]>> consumers, String topic, String datasetId,
            SampleShape recordShape, SampleShape trainedShape, int batchSize, SplitRule split,
            DeadLetters deadLetters) {
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
    }

    @Override
    public BatchStream training(int epoch, Map<Integer, Long> resumeFrom) {
        return new RecordBatchStream(consumers.get(), topic, resumeFrom,
                new RecordDecoder(datasetId, recordShape, deadLetters), trainedShape, batchSize, i -> !split.isValidation(i));
    }

    @Override
    public BatchStream validation() {
        // validation never reports dead letters again: the training pass already did
        return new RecordBatchStream(consumers.get(), topic, Map.of(), new RecordDecoder(datasetId, recordShape, null),
                trainedShape, batchSize, split::isValidation);
    }
}
