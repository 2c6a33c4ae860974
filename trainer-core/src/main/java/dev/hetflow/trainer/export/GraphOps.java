package dev.hetflow.trainer.export;

import dev.hetflow.onnx.Graph;
import dev.hetflow.onnx.Node;
import dev.hetflow.onnx.Tensor;
import java.util.List;

/**
 * Writes nodes and constants into a graph under generated names ({@code <prefix><n>}), so graph writers read as
 * the math they express. Reductions take their axes as an input (opset 13+).
 */
final class GraphOps {

    private final Graph graph;
    private final String prefix;
    private int next;

    GraphOps(Graph graph, String prefix) {
        this.graph = graph;
        this.prefix = prefix;
    }

    Graph graph() {
        return graph;
    }

    /** A node with one output; returns the output's name. */
    String op(String type, String... inputs) {
        return node(type, inputs).output();
    }

    /** A node with one output, for adding attributes. */
    Node node(String type, String... inputs) {
        return graph.node(type, fresh(), inputs);
    }

    /** A node with one output under a chosen name (a graph output). */
    String named(String type, String output, String... inputs) {
        return graph.node(type, List.of(inputs), List.of(output)).output();
    }

    String scalar(float value) {
        return graph.initializer(Tensor.scalar(fresh(), value));
    }

    String floats(float[] values, long... dims) {
        return graph.initializer(Tensor.floats(fresh(), values, dims));
    }

    /** A 1-D int64 constant (shapes, axes, indices). */
    String longs(long... values) {
        return graph.initializer(Tensor.longs(fresh(), values, values.length));
    }

    /** A rank-0 int64 constant (a Gather index that drops its axis). */
    String index(long value) {
        return graph.initializer(Tensor.scalar(fresh(), value));
    }

    String reshape(String x, long... shape) {
        return op("Reshape", x, longs(shape));
    }

    String sum(String x, boolean keepDims, long... axes) {
        return node("ReduceSum", x, longs(axes)).attr("keepdims", keepDims ? 1L : 0L).output();
    }

    /** Channels [from, to) of an NCHW tensor. */
    String channels(String x, long from, long to) {
        return op("Slice", x, longs(from), longs(to), longs(1));
    }

    private String fresh() {
        return prefix + next++;
    }
}
