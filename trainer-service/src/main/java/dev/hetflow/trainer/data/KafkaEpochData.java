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
 * batch, so memory holds one poll and one batch, never the data set.
 */
public final class KafkaEpochData implements EpochData {

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final String topic;
    private final String datasetId;
    private final SampleShape shape;
    private final int batchSize;
    private final SplitRule split;
    private final DeadLetters deadLetters;

    public KafkaEpochData(Supplier<Consumer<String, byte[]>> consumers, String topic, String datasetId,
            SampleShape shape, int batchSize, SplitRule split, DeadLetters deadLetters) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.consumers = consumers;
        this.topic = topic;
        this.datasetId = datasetId;
        this.shape = shape;
        this.batchSize = batchSize;
        this.split = split;
        this.deadLetters = deadLetters;
    }

    @Override
    public BatchStream training(int epoch, Map<Integer, Long> resumeFrom) {
        return new RecordBatchStream(consumers.get(), topic, resumeFrom,
                new RecordDecoder(datasetId, shape, deadLetters), batchSize, i -> !split.isValidation(i));
    }

    @Override
    public BatchStream validation() {
        // validation never reports dead letters again: the training pass already did
        return new RecordBatchStream(consumers.get(), topic, Map.of(), new RecordDecoder(datasetId, shape, null),
                batchSize, split::isValidation);
    }
}
