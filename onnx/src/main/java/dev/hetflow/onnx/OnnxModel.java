package dev.hetflow.onnx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A ModelProto: a graph with its IR version, operator set and metadata, serialized to the bytes ONNX Runtime loads.
 * Defaults: IR version 8 with the default-domain opset 17 (ONNX Runtime 1.24 refuses a model without an IR version).
 *
 * <pre>{@code
 * byte[] onnx = OnnxModel.of(graph).producer("hetflow-trainer", "0.1.0").metadata("seed", "42").toBytes();
 * }</pre>
 */
public final class OnnxModel {

    public static final long IR_VERSION = 8;
    public static final long OPSET = 17;

    private final Graph graph;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private long irVersion = IR_VERSION;
    private long opset = OPSET;
    private String producerName = "hetflow";
    private String producerVersion = "";
    private String docString;

    private OnnxModel(Graph graph) {
        this.graph = graph;
    }

    public static OnnxModel of(Graph graph) {
        return new OnnxModel(graph);
    }

    /** The IR version; 0 leaves the field out (as a proto3 writer would), which ONNX Runtime refuses. */
    public OnnxModel irVersion(long version) {
        this.irVersion = version;
        return this;
    }

    public OnnxModel opset(long version) {
        this.opset = version;
        return this;
    }

    public OnnxModel producer(String name, String version) {
        this.producerName = name;
        this.producerVersion = version;
        return this;
    }

    public OnnxModel doc(String text) {
        this.docString = text;
        return this;
    }

    /** A {@code metadata_props} entry (provenance: seed, code version, job id, ...). */
    public OnnxModel metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public OnnxModel metadata(Map<String, String> entries) {
        metadata.putAll(entries);
        return this;
    }

    public byte[] toBytes() {
        // ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, doc_string = 6, graph = 7,
        // opset_import = 8 (OperatorSetIdProto: domain = 1, version = 2), metadata_props = 14 (key = 1, value = 2)
        ProtoWriter w = new ProtoWriter();
        if (irVersion > 0) {
            w.varint(1, irVersion);
        }
        w.string(2, producerName)
                .string(3, producerVersion)
                .optionalString(6, docString)
                .message(7, graph.proto())
                .message(8, new ProtoWriter().string(1, "").varint(2, opset));
        metadata.forEach((k, v) -> w.message(14, new ProtoWriter().string(1, k).string(2, v)));
        return w.toByteArray();
    }
}
