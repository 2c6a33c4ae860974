package dev.hetflow.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A constant tensor (an initializer or a {@code Constant} node's value), stored little-endian in {@code raw_data}.
 *
 * @param name  the name the graph refers to it by (may be empty inside an attribute)
 * @param type  element type
 * @param dims  shape; empty for a scalar
 * @param raw   the elements, row-major, little-endian
 */
public record Tensor(String name, DataType type, long[] dims, byte[] raw) {

    public Tensor {
        dims = dims.clone();
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor " + name + ": negative dimension in " + Arrays.toString(dims));
            }
            count *= d;
        }
        if (count * type.bytes() != raw.length) {
            throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(dims) + " holds "
                    + count + " elements, got " + raw.length / type.bytes());
        }
    }

    public static Tensor floats(String name, float[] values, long... dims) {
        ByteBuffer buffer = buffer(values.length * 4);
        buffer.asFloatBuffer().put(values);
        return new Tensor(name, DataType.FLOAT, dims, buffer.array());
    }

    public static Tensor longs(String name, long[] values, long... dims) {
        ByteBuffer buffer = buffer(values.length * 8);
        buffer.asLongBuffer().put(values);
        return new Tensor(name, DataType.INT64, dims, buffer.array());
    }

    public static Tensor scalar(String name, float value) {
        return floats(name, new float[] {value});
    }

    public static Tensor scalar(String name, long value) {
        return longs(name, new long[] {value});
    }

    public static Tensor bool(String name, boolean value) {
        return new Tensor(name, DataType.BOOL, new long[0], new byte[] {(byte) (value ? 1 : 0)});
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    ProtoWriter proto() {
        // TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9
        ProtoWriter w = new ProtoWriter();
        for (long d : dims) {
            w.varint(1, d);
        }
        w.varint(2, type.code());
        if (!name.isEmpty()) {
            w.string(8, name);
        }
        return w.bytes(9, raw);
    }
}
