package dev.hetflow.datasets.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.datasets.tensor.TensorSample;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TensorRecordCodecTest {

    private static TensorSample sample() {
        float[] values = new float[2 * 3 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = i / 24f;
        }
        return new TensorSample(41, 2, 3, 4, values);
    }

    @Test
    void roundTripsThroughHeadersAndValue() {
        TensorRecord record = TensorRecordCodec.encode("piv-train-0123456789abcdef", sample());
        assertEquals("41", record.key());
        assertEquals("2,3,4", record.headers().get(TensorRecordFormat.HEADER_SHAPE));
        assertEquals("1", record.headers().get(TensorRecordFormat.HEADER_FORMAT_VERSION));
        assertEquals("float32", record.headers().get(TensorRecordFormat.HEADER_DTYPE));
        TensorRecordCodec.DecodedTensor back = TensorRecordCodec.decode(record.headers(), record.value());
        assertEquals("piv-train-0123456789abcdef", back.datasetId());
        assertEquals(41, back.sample().index());
        assertArrayEquals(sample().values(), back.sample().values());
    }

    @Test
    void refusesUnknownVersionsAndMismatchedShapes() {
        TensorRecord record = TensorRecordCodec.encode("d", sample());
        Map<String, String> future = new HashMap<>(record.headers());
        future.put(TensorRecordFormat.HEADER_FORMAT_VERSION, "2");
        MalformedRecordException version = assertThrows(MalformedRecordException.class,
                () -> TensorRecordCodec.decode(future, record.value()));
        assertTrue(version.getMessage().contains("version 2"), version.getMessage());

        Map<String, String> wrongShape = new HashMap<>(record.headers());
        wrongShape.put(TensorRecordFormat.HEADER_SHAPE, "2,4,3");
        assertThrows(MalformedRecordException.class, () -> TensorRecordCodec.decode(wrongShape, record.value()));

        Map<String, String> noIndex = new HashMap<>(record.headers());
        noIndex.remove(TensorRecordFormat.HEADER_INDEX);
        assertThrows(MalformedRecordException.class, () -> TensorRecordCodec.decode(noIndex, record.value()));
        assertThrows(MalformedRecordException.class, () -> TensorRecordCodec.decode(Map.of(), record.value()));
    }
}
