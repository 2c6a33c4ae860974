package dev.hetflow.onnx;

/** A node attribute: one of the kinds ONNX operators in hetflow's graphs take. */
public sealed interface Attribute {

    String name();

    /** AttributeProto field numbers and AttributeType codes, from onnx.proto. */
    int NAME = 1;
    int F = 2;
    int I = 3;
    int S = 4;
    int T = 5;
    int G = 6;
    int FLOATS = 7;
    int INTS = 8;
    int TYPE = 20;

    ProtoWriter proto();

    record FloatAttr(String name, float value) implements Attribute {
        public ProtoWriter proto() {
            return new ProtoWriter().string(NAME, name).float32(F, value).varint(TYPE, 1);
        }
    }

    record IntAttr(String name, long value) implements Attribute {
        public ProtoWriter proto() {
            return new ProtoWriter().string(NAME, name).varint(I, value).varint(TYPE, 2);
        }
    }

    record StringAttr(String name, String value) implements Attribute {
        public ProtoWriter proto() {
            return new ProtoWriter().string(NAME, name).string(S, value).varint(TYPE, 3);
        }
    }

    record TensorAttr(String name, Tensor value) implements Attribute {
        public ProtoWriter proto() {
            return new ProtoWriter().string(NAME, name).message(T, value.proto()).varint(TYPE, 4);
        }
    }

    record GraphAttr(String name, Graph value) implements Attribute {
        public ProtoWriter proto() {
            return new ProtoWriter().string(NAME, name).message(G, value.proto()).varint(TYPE, 5);
        }
    }

    record FloatsAttr(String name, float[] values) implements Attribute {
        public ProtoWriter proto() {
            ProtoWriter w = new ProtoWriter().string(NAME, name);
            for (float v : values) {
                w.float32(FLOATS, v);
            }
            return w.varint(TYPE, 6);
        }
    }

    record IntsAttr(String name, long[] values) implements Attribute {
        public ProtoWriter proto() {
            ProtoWriter w = new ProtoWriter().string(NAME, name);
            for (long v : values) {
                w.varint(INTS, v);
            }
            return w.varint(TYPE, 7);
        }
    }
}
