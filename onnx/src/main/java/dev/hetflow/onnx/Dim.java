package dev.hetflow.onnx;

/**
 * One dimension of a declared shape: a fixed size, or a symbolic name such as {@code N} for the batch.
 *
 * @param value the size when fixed, else -1
 * @param param the symbolic name, else null
 */
public record Dim(long value, String param) {

    public Dim {
        if ((param == null) == (value < 0)) {
            throw new IllegalArgumentException("a dimension is either a size >= 0 or a symbolic name, got "
                    + value + " / " + param);
        }
    }

    public static Dim of(long value) {
        return new Dim(value, null);
    }

    public static Dim symbolic(String name) {
        return new Dim(-1, name);
    }

    ProtoWriter proto() {
        // TensorShapeProto.Dimension: dim_value = 1, dim_param = 2
        ProtoWriter w = new ProtoWriter();
        return param == null ? w.varint(1, value) : w.string(2, param);
    }
}
