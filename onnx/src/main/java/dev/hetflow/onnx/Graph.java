package dev.hetflow.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * An ONNX graph under construction: inputs, outputs, initializers and nodes in topological order. A {@code Loop} body
 * is a Graph too; it may read the outer graph's values by name.
 */
public final class Graph {

    private final String name;
    private final List<ValueInfo> inputs = new ArrayList<>();
    private final List<ValueInfo> outputs = new ArrayList<>();
    private final List<Tensor> initializers = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();

    public Graph(String name) {
        this.name = name;
    }

    public Graph input(ValueInfo input) {
        inputs.add(input);
        return this;
    }

    public Graph output(ValueInfo output) {
        outputs.add(output);
        return this;
    }

    /** Adds a constant the nodes refer to by its name; returns that name. */
    public String initializer(Tensor tensor) {
        if (tensor.name().isEmpty()) {
            throw new IllegalArgumentException("an initializer needs a name");
        }
        initializers.add(tensor);
        return tensor.name();
    }

    /** Adds a node with one output named {@code output}; the node is named after its output. */
    public Node node(String opType, String output, String... inputs) {
        return node(opType, List.of(inputs), List.of(output));
    }

    /** Adds a node with several outputs. */
    public Node node(String opType, List<String> inputs, List<String> outputs) {
        Node node = new Node(opType, opType + "_" + nodes.size() + "_" + outputs.get(0), inputs, outputs);
        nodes.add(node);
        return node;
    }

    ProtoWriter proto() {
        // GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12
        ProtoWriter w = new ProtoWriter();
        nodes.forEach(n -> w.message(1, n.proto()));
        w.string(2, name);
        initializers.forEach(t -> w.message(5, t.proto()));
        inputs.forEach(i -> w.message(11, i.proto()));
        outputs.forEach(o -> w.message(12, o.proto()));
        return w;
    }
}
