package dev.hetflow.onnx;

/** ONNX {@code TensorProto.DataType} values hetflow uses, with their wire numbers and element sizes. */
public enum DataType {
    FLOAT(1, 4),
    INT32(6, 4),
    INT64(7, 8),
    BOOL(9, 1),
    DOUBLE(11, 8);

    private final int code;
    private final int bytes;

    DataType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The number ONNX uses for this type on the wire. */
    public int code() {
        return code;
    }

    /** Bytes per element in {@code raw_data}. */
    public int bytes() {
        return bytes;
    }
}
