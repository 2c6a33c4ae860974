package dev.hetflow.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * One operator application. Built by {@link Graph#node}; attributes are added fluently. An empty input name marks an
 * omitted optional input (e.g. {@code Loop}'s condition).
 */
public final class Node {

    private final String opType;
    private final String name;
    private final List<String> inputs;
    private final List<String> outputs;
    private final List<Attribute> attributes = new ArrayList<>();

    Node(String opType, String name, List<String> inputs, List<String> outputs) {
        this.opType = opType;
        this.name = name;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
    }

    public Node attr(String attribute, long value) {
        return add(new Attribute.IntAttr(attribute, value));
    }

    public Node attr(String attribute, float value) {
        return add(new Attribute.FloatAttr(attribute, value));
    }

    public Node attr(String attribute, String value) {
        return add(new Attribute.StringAttr(attribute, value));
    }

    public Node attr(String attribute, long... values) {
        return add(new Attribute.IntsAttr(attribute, values.clone()));
    }

    public Node attr(String attribute, float... values) {
        return add(new Attribute.FloatsAttr(attribute, values.clone()));
    }

    public Node attr(String attribute, Tensor value) {
        return add(new Attribute.TensorAttr(attribute, value));
    }

    /** A subgraph attribute, e.g. {@code Loop}'s {@code body}. */
    public Node attr(String attribute, Graph value) {
        return add(new Attribute.GraphAttr(attribute, value));
    }

    /** The node's first output, for chaining. */
    public String output() {
        return outputs.get(0);
    }

    private Node add(Attribute attribute) {
        attributes.add(attribute);
        return this;
    }

    ProtoWriter proto() {
        // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5
        ProtoWriter w = new ProtoWriter();
        inputs.forEach(in -> w.string(1, in));
        outputs.forEach(out -> w.string(2, out));
        w.string(3, name).string(4, opType);
        attributes.forEach(a -> w.message(5, a.proto()));
        return w;
    }
}
