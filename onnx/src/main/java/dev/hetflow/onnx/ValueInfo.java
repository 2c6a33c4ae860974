package dev.hetflow.onnx;

import java.util.List;

/**
 * A graph input or output: name, element type and shape. A null shape means "rank unknown" (allowed for {@code Loop}
 * body values); an empty shape is a scalar.
 *
 * @param name  the value's name in the graph
 * @param type  element type
 * @param shape dimensions, or null
 */
public record ValueInfo(String name, DataType type, List<Dim> shape) {

    public ValueInfo {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a graph input or output needs a name");
        }
        shape = shape == null ? null : List.copyOf(shape);
    }

    /** A tensor of the given dimensions. */
    public static ValueInfo tensor(String name, DataType type, Dim... dims) {
        return new ValueInfo(name, type, List.of(dims));
    }

    /** A scalar (rank 0). */
    public static ValueInfo scalar(String name, DataType type) {
        return new ValueInfo(name, type, List.of());
    }

    /** A tensor of unknown rank. */
    public static ValueInfo unshaped(String name, DataType type) {
        return new ValueInfo(name, type, null);
    }

    ProtoWriter proto() {
        // TypeProto.Tensor: elem_type = 1, shape = 2; TensorShapeProto: dim = 1
        ProtoWriter tensor = new ProtoWriter().varint(1, type.code());
        if (shape != null) {
            ProtoWriter dims = new ProtoWriter();
            for (Dim dim : shape) {
                dims.message(1, dim.proto());
            }
            tensor.message(2, dims);
        }
        // ValueInfoProto: name = 1, type = 2; TypeProto: tensor_type = 1
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
    }
}
