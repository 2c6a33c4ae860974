package dev.hetflow.trainer.data;

import dev.hetflow.datasets.record.MalformedRecordException;
import dev.hetflow.datasets.record.TensorRecordCodec;
import dev.hetflow.datasets.tensor.TensorSample;
import dev.hetflow.common.events.CloudEventHeaders;
import dev.hetflow.trainer.model.SampleShape;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes a tensor record with the datasets codec and checks it belongs to this job's data set and shape and that
 * every value is a finite number in the normalized range [0, 1] (the manifest's normalization maps each channel's
 * min..max there; a NaN, an infinity or a value outside would poison the loss); anything else goes to the
 * dead-letter topic with the reason (when a {@link DeadLetters} is given), is counted, and yields null.
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
                reason = badValue(s);
                if (reason == null) {
                    return s;
                }
            }
        } catch (MalformedRecordException e) {
            reason = e.getMessage();
        } catch (RuntimeException e) {
            reason = "undecodable tensor record: " + e;
        }
        reject(record, reason);
        return null;
    }

    /** Counts a record that cannot be trained on and dead-letters it with the reason (when reporting). */
    void reject(ConsumerRecord<String, byte[]> record, String reason) {
        rejected++;
        if (deadLetters != null) {
            deadLetters.send(record, reason);
        }
    }

    /** The first value that is not a finite number in [0, 1], described; null when all are. */
    static String badValue(TensorSample s) {
        float[] v = s.values();
        int plane = s.height() * s.width();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i]) || v[i] < 0f || v[i] > 1f) {
                return "value " + v[i] + " at channel " + i / plane + ", y " + (i % plane) / s.width() + ", x "
                        + i % s.width() + (Float.isFinite(v[i]) ? " is outside the normalized range [0, 1]"
                        : " is not a finite number");
            }
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
