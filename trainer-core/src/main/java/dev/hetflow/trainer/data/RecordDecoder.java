package dev.hetflow.trainer.data;

import dev.hetflow.datasets.record.MalformedRecordException;
import dev.hetflow.datasets.record.TensorRecordCodec;
import dev.hetflow.datasets.tensor.TensorSample;
import dev.hetflow.common.events.CloudEventHeaders;
import dev.hetflow.trainer.model.SampleShape;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes a tensor record with the datasets codec and checks it belongs to this job's data set and shape; anything
 * else goes to the dead-letter topic (when a {@link DeadLetters} is given) and yields null.
 */
final class RecordDecoder {

    private final String datasetId;
    private final SampleShape shape;
    private final DeadLetters deadLetters;
    private long rejected;

    RecordDecoder(String datasetId, SampleShape shape, DeadLetters deadLetters) {
        this.datasetId = datasetId;
        this.shape = shape;
        this.deadLetters = deadLetters;
    }

    TensorSample decode(ConsumerRecord<String, byte[]> record) {
        String reason;
        try {
            TensorRecordCodec.DecodedTensor t = TensorRecordCodec.decode(
                    name -> CloudEventHeaders.optional(record.headers(), name), record.value());
            TensorSample s = t.sample();
            if (!datasetId.equals(t.datasetId())) {
                reason = "record of data set " + t.datasetId() + " on the topic of " + datasetId;
            } else if (s.channels() != shape.channels() || s.height() != shape.height()
                    || s.width() != shape.width()) {
                reason = "sample shape " + s.channels() + "x" + s.height() + "x" + s.width() + " differs from the "
                        + "data set's " + shape.channels() + "x" + shape.height() + "x" + shape.width();
            } else {
                return s;
            }
        } catch (MalformedRecordException e) {
            reason = e.getMessage();
        } catch (RuntimeException e) {
            reason = "undecodable tensor record: " + e;
        }
        rejected++;
        if (deadLetters != null) {
            deadLetters.send(record, reason);
        }
        return null;
    }

    SampleShape shape() {
        return shape;
    }

    long rejected() {
        return rejected;
    }
}
