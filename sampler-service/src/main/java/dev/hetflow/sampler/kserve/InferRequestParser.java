package dev.hetflow.sampler.kserve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a v2 inference request token by token (Jackson's streaming parser): tensor data goes straight into a float
 * array, never through a JSON tree or boxed numbers, and parsing stops with a 400 as soon as the request holds more
 * values than {@code maxValues}, a value is not a finite number, or the JSON is malformed. With the binary tensor
 * extension the JSON header is followed by the raw little-endian bytes of the inputs that name a
 * {@code binary_data_size}.
 */
final class InferRequestParser {

    /** Nesting of {@code data} arrays accepted (a tensor of rank 32 is far beyond any model here). */
    private static final int MAX_DEPTH = 32;

    private final JsonFactory json;
    private final long maxValues;

    /** @param maxValues most values one request may carry, over all its inputs */
    InferRequestParser(JsonFactory json, long maxValues) {
        this.json = json;
        this.maxValues = maxValues;
    }

    /** A JSON body. */
    ParsedInfer parse(InputStream body) throws IOException {
        ParsedInfer request = parseHeader(body);
        for (TensorInput input : request.inputs()) {
            if (input.binarySize() > 0) {
                throw new IllegalArgumentException("input " + input.name() + " names binary_data_size, but the "
                        + "request has no Inference-Header-Content-Length header (binary tensor extension)");
            }
        }
        return request;
    }

    /** A body of {@code headerLength} bytes of JSON, then the binary data of the inputs that name their size. */
    ParsedInfer parse(InputStream body, long headerLength) throws IOException {
        if (headerLength < 2) {
            throw new IllegalArgumentException("Inference-Header-Content-Length must be the JSON header's length in "
                    + "bytes, got " + headerLength);
        }
        ParsedInfer header = parseHeader(new Bounded(body, headerLength));
        DataInputStream binary = new DataInputStream(body);
        List<TensorInput> inputs = new ArrayList<>();
        long total = 0;
        for (TensorInput input : header.inputs()) {
            if (input.binarySize() == 0) {
                inputs.add(input);
                continue;
            }
            int width = width(input);
            if (input.binarySize() % width != 0) {
                throw new IllegalArgumentException("input " + input.name() + ": binary_data_size "
                        + input.binarySize() + " is not a multiple of " + width + " bytes (" + input.datatype() + ")");
            }
            long count = input.binarySize() / width;
            total += count;
            if (total > maxValues) {
                throw tooMany();
            }
            inputs.add(readBinary(binary, input, (int) count, width));
        }
        if (body.read() != -1) {
            throw new IllegalArgumentException("the body holds more bytes than the header and its binary_data_size "
                    + "values");
        }
        return new ParsedInfer(header.id(), inputs, header.outputs(), header.binaryOutput());
    }

    private ParsedInfer parseHeader(InputStream in) throws IOException {
        try (JsonParser p = json.createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "the body must be a JSON object");
            String id = null;
            boolean binaryOutput = false;
            List<TensorInput> inputs = null;
            List<ParsedInfer.RequestedOutput> outputs = null;
            Counter counter = new Counter();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id" -> {
                        expect(value, JsonToken.VALUE_STRING, "id must be a string");
                        id = p.getText();
                    }
                    case "parameters" -> binaryOutput = flag(p, "binary_data_output");
                    case "inputs" -> inputs = inputs(p, counter);
                    case "outputs" -> outputs = outputs(p);
                    default -> p.skipChildren(); // fields of other extensions
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("the body must be one JSON object");
            }
            if (inputs == null || inputs.isEmpty()) {
                throw new IllegalArgumentException("send {\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]}");
            }
            return new ParsedInfer(id, inputs, outputs, binaryOutput);
        } catch (InputCoercionException e) {
            throw new IllegalArgumentException("a number is out of range: " + e.getOriginalMessage());
        }
    }

    private List<TensorInput> inputs(JsonParser p, Counter counter) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY, "inputs must be an array of tensors");
        List<TensorInput> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expect(p.currentToken(), JsonToken.START_OBJECT, "each input must be an object");
            out.add(input(p, counter));
        }
        return out;
    }

    private TensorInput input(JsonParser p, Counter counter) throws IOException {
        String name = null;
        long[] shape = null;
        String datatype = null;
        long binarySize = 0;
        Values values = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> {
                    expect(value, JsonToken.VALUE_STRING, "an input's name must be a string");
                    name = p.getText();
                }
                case "datatype" -> {
                    expect(value, JsonToken.VALUE_STRING, "an input's datatype must be a string");
                    datatype = p.getText();
                }
                case "shape" -> shape = shape(p);
                case "parameters" -> binarySize = size(p, "binary_data_size");
                case "data" -> values = data(p, counter);
                default -> p.skipChildren();
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("every input needs a name");
        }
        if (values == null && binarySize == 0) {
            throw new IllegalArgumentException("input " + name + " has no data");
        }
        if (values != null && binarySize > 0) {
            throw new IllegalArgumentException("input " + name + " has both data and binary_data_size");
        }
        return values == null ? new TensorInput(name, shape, datatype, new float[0], 0, true, 0, binarySize)
                : new TensorInput(name, shape, datatype, values.floats, values.count, values.integral,
                        values.firstLong, 0);
    }

    private static long[] shape(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY, "shape must be an array of dimensions");
        long[] dims = new long[8];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expect(p.currentToken(), JsonToken.VALUE_NUMBER_INT, "shape must hold whole numbers");
            if (n == MAX_DEPTH) {
                throw new IllegalArgumentException("shape has more than " + MAX_DEPTH + " dimensions");
            }
            if (n == dims.length) {
                dims = Arrays.copyOf(dims, n * 2);
            }
            long d = p.getLongValue();
            if (d < 0) {
                throw new IllegalArgumentException("shape dimensions must be >= 0, got " + d);
            }
            dims[n++] = d;
        }
        return Arrays.copyOf(dims, n);
    }

    /** The tensor's numbers, flattened row-major from nested arrays, checked finite as float32. */
    private Values data(JsonParser p, Counter counter) throws IOException {
        Values values = new Values();
        if (p.currentToken() != JsonToken.START_ARRAY) {
            values.add(p, counter, this);
            return values;
        }
        int depth = 1;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                if (++depth > MAX_DEPTH) {
                    throw new IllegalArgumentException("data is nested deeper than " + MAX_DEPTH + " levels");
                }
            } else if (t == JsonToken.END_ARRAY) {
                depth--;
            } else {
                values.add(p, counter, this);
            }
        }
        return values;
    }

    private List<ParsedInfer.RequestedOutput> outputs(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY, "outputs must be an array of {\"name\"}");
        List<ParsedInfer.RequestedOutput> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expect(p.currentToken(), JsonToken.START_OBJECT, "each requested output must be an object");
            String name = null;
            boolean binary = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("name".equals(field)) {
                    expect(value, JsonToken.VALUE_STRING, "a requested output's name must be a string");
                    name = p.getText();
                } else if ("parameters".equals(field)) {
                    binary = flag(p, "binary_data");
                } else {
                    p.skipChildren();
                }
            }
            if (name == null) {
                throw new IllegalArgumentException("every requested output needs a name");
            }
            out.add(new ParsedInfer.RequestedOutput(name, binary));
        }
        return out;
    }

    /** A parameters object; returns the boolean {@code key} (false when absent), skips the others. */
    private static boolean flag(JsonParser p, String key) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "parameters must be an object");
        boolean flag = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (key.equals(field)) {
                if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                    throw new IllegalArgumentException("parameter " + key + " must be true or false");
                }
                flag = value == JsonToken.VALUE_TRUE;
            } else {
                p.skipChildren();
            }
        }
        return flag;
    }

    /** A parameters object; returns the non-negative integer {@code key} (0 when absent), skips the others. */
    private static long size(JsonParser p, String key) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "parameters must be an object");
        long size = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (key.equals(field)) {
                expect(value, JsonToken.VALUE_NUMBER_INT, "parameter " + key + " must be a whole number");
                size = p.getLongValue();
                if (size < 0) {
                    throw new IllegalArgumentException("parameter " + key + " must be >= 0, got " + size);
                }
            } else {
                p.skipChildren();
            }
        }
        return size;
    }

    private TensorInput readBinary(DataInputStream in, TensorInput input, int count, int width) throws IOException {
        byte[] bytes = new byte[count * width];
        try {
            in.readFully(bytes);
        } catch (EOFException e) {
            throw new IllegalArgumentException("the body ends inside the binary data of input " + input.name());
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[count];
        long first = 0;
        for (int i = 0; i < count; i++) {
            float v;
            if (width == 8) {
                long l = b.getLong();
                first = i == 0 ? l : first;
                v = l;
            } else if ("INT32".equals(input.datatype())) {
                int l = b.getInt();
                first = i == 0 ? l : first;
                v = l;
            } else {
                v = b.getFloat();
            }
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("value " + i + " of input " + input.name() + " is not finite");
            }
            values[i] = v;
        }
        boolean integral = !"FP32".equals(input.datatype());
        return new TensorInput(input.name(), input.shape(), input.datatype(), values, count, integral, first, 0);
    }

    private static int width(TensorInput input) {
        if (input.datatype() == null) {
            throw new IllegalArgumentException("input " + input.name() + " needs a datatype");
        }
        return switch (input.datatype()) {
            case "FP32", "INT32" -> 4;
            case "INT64" -> 8;
            default -> throw new IllegalArgumentException("input " + input.name() + ": binary data of "
                    + input.datatype() + " is not supported; send FP32, INT32 or INT64");
        };
    }

    private IllegalArgumentException tooMany() {
        return new IllegalArgumentException("the request holds more than " + maxValues + " values, the most "
                + "max-samples rows of this model's latent take");
    }

    private static void expect(JsonToken actual, JsonToken expected, String message) {
        if (actual != expected) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Values over all inputs of one request, against {@code maxValues}. */
    private static final class Counter {
        long total;
    }

    /** A growing float array (no boxing), with the exact first value for integer scalars. */
    private static final class Values {

        float[] floats = new float[64];
        int count;
        boolean integral = true;
        long firstLong;

        void add(JsonParser p, Counter counter, InferRequestParser parser) throws IOException {
            JsonToken t = p.currentToken();
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new IllegalArgumentException("tensor data must be numbers, got " + p.getText());
            }
            if (++counter.total > parser.maxValues) {
                throw parser.tooMany();
            }
            float v = p.getFloatValue();
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("value " + count + " (" + p.getText()
                        + ") is not a finite float32");
            }
            if (t == JsonToken.VALUE_NUMBER_INT) {
                if (count == 0) {
                    firstLong = p.getLongValue();
                }
            } else {
                integral = false;
            }
            if (count == floats.length) {
                floats = Arrays.copyOf(floats, (int) Math.min((long) count * 2, Integer.MAX_VALUE - 8));
            }
            floats[count++] = v;
        }
    }

    /** The first {@code limit} bytes of a stream (the JSON header of a binary request). */
    private static final class Bounded extends InputStream {

        private final InputStream in;
        private long left;

        Bounded(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // the binary part follows in the same stream
        }
    }
}
