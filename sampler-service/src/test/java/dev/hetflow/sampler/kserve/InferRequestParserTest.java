package dev.hetflow.sampler.kserve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InferRequestParserTest {

    private final InferRequestParser parser = new InferRequestParser(new JsonFactory(), 100);

    private ParsedInfer parse(String json) throws IOException {
        return parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void nestedDataIsFlattenedRowMajorWhateverTheFieldOrder() throws IOException {
        ParsedInfer r = parse("{\"inputs\": [{\"data\": [[1, 2.5], [3, -4e-1]], \"datatype\": \"FP32\","
                + " \"shape\": [2, 2], \"name\": \"z\"}, {\"name\": \"steps\", \"datatype\": \"INT64\", \"shape\": [1],"
                + " \"data\": [9007199254740993]}], \"id\": \"r\", \"x-other\": {\"a\": [1]},"
                + " \"outputs\": [{\"name\": \"x\", \"parameters\": {\"binary_data\": true}}]}");
        assertEquals("r", r.id());
        TensorInput z = r.inputs().get(0);
        assertEquals(4, z.count());
        assertArrayEquals(new float[] {1, 2.5f, 3, -0.4f}, java.util.Arrays.copyOf(z.values(), 4));
        assertArrayEquals(new long[] {2, 2}, z.shape());
        assertFalse(z.integral());
        TensorInput steps = r.inputs().get(1);
        assertTrue(steps.integral());
        assertEquals(9007199254740993L, steps.firstLong(), "integers are kept exactly, not through a double");
        assertEquals("x", r.outputs().get(0).name());
        assertTrue(r.outputs().get(0).binary());
    }

    @Test
    void outputsLeftOutMeanEveryOutput() throws IOException {
        assertNull(parse("{\"inputs\": [{\"name\": \"z\", \"data\": [1]}]}").outputs());
    }

    @Test
    void nonFiniteAndNonNumericValuesAreRefused() {
        assertTrue(message("{\"inputs\": [{\"name\": \"z\", \"data\": [1, 1e39]}]}").contains("not a finite"));
        assertTrue(message("{\"inputs\": [{\"name\": \"z\", \"data\": [1, \"2\"]}]}").contains("must be numbers"));
        assertTrue(message("{\"inputs\": [{\"name\": \"z\", \"data\": [true]}]}").contains("must be numbers"));
        // NaN is not JSON: the parser itself refuses it
        assertThrows(JsonProcessingException.class, () -> parse("{\"inputs\": [{\"name\": \"z\", \"data\": [NaN]}]}"));
    }

    @Test
    void moreValuesThanTheLimitStopTheParse() {
        StringBuilder data = new StringBuilder("0");
        for (int i = 1; i < 101; i++) {
            data.append(",").append(i);
        }
        assertTrue(message("{\"inputs\": [{\"name\": \"z\", \"data\": [" + data + "]}]}").contains("more than 100"));
        // the limit is over all inputs of the request
        String half = data.substring(0, data.indexOf(",60"));
        assertTrue(message("{\"inputs\": [{\"name\": \"a\", \"data\": [" + half + "]}, {\"name\": \"b\", \"data\": ["
                + half + "]}]}").contains("more than 100"));
    }

    @Test
    void malformedShapesAndStructuresAreRefused() {
        assertTrue(message("{\"inputs\": [{\"name\": \"z\", \"shape\": [-1], \"data\": [1]}]}").contains(">= 0"));
        assertTrue(message("{\"inputs\": [{\"name\": \"z\", \"shape\": [1.5], \"data\": [1]}]}").contains("whole"));
        assertTrue(message("{\"inputs\": [{\"name\": \"z\", \"shape\": [99999999999999999999], \"data\": [1]}]}")
                .contains("out of range"));
        assertTrue(message("{\"inputs\": []}").contains("inputs"));
        assertTrue(message("{\"inputs\": [{\"data\": [1]}]}").contains("name"));
        assertTrue(message("{\"inputs\": [{\"name\": \"z\"}]}").contains("no data"));
        assertTrue(message("[1, 2]").contains("JSON object"));
        assertTrue(message("{\"inputs\": [{\"name\": \"z\", \"data\": [1]}], \"parameters\": 3}")
                .contains("parameters"));
        assertTrue(message("{\"inputs\": [{\"name\": \"z\", \"data\": [1]}]} {}").contains("one JSON object"));
    }

    @Test
    void binaryInputsFollowTheJsonHeader() throws IOException {
        byte[] header = ("{\"inputs\": [{\"name\": \"z\", \"shape\": [3], \"datatype\": \"FP32\","
                + " \"parameters\": {\"binary_data_size\": 12}}, {\"name\": \"steps\", \"shape\": [1],"
                + " \"datatype\": \"INT64\", \"parameters\": {\"binary_data_size\": 8}}]}")
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer data = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(1.5f).putFloat(-2).putFloat(0.25f).putLong(7);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(header);
        body.write(data.array());
        ParsedInfer r = parser.parse(new ByteArrayInputStream(body.toByteArray()), header.length);
        assertArrayEquals(new float[] {1.5f, -2, 0.25f}, r.inputs().get(0).values());
        assertEquals(7, r.inputs().get(1).firstLong());
        // a body cut short, or a size that is not whole values, is refused
        byte[] cut = java.util.Arrays.copyOf(body.toByteArray(), body.size() - 3);
        assertThrows(IllegalArgumentException.class, () -> parser.parse(new ByteArrayInputStream(cut),
                header.length));
        // binary_data_size without the header length is refused
        assertThrows(IllegalArgumentException.class, () -> parser.parse(new ByteArrayInputStream(header)));
    }

    private String message(String json) {
        return assertThrows(IllegalArgumentException.class, () -> parse(json)).getMessage();
    }
}
