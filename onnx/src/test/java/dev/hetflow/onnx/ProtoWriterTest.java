package dev.hetflow.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Byte-exact wire encodings, from the protobuf encoding guide's examples. */
class ProtoWriterTest {

    @Test
    void varintsAreBase128LittleEndianGroups() {
        assertArrayEquals(bytes(0x08, 0x96, 0x01), new ProtoWriter().varint(1, 150).toByteArray());
        // a negative int64 takes ten bytes
        assertArrayEquals(bytes(0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
                new ProtoWriter().varint(1, -1).toByteArray());
    }

    @Test
    void stringsAndFloatsCarryTheirWireTypes() {
        assertArrayEquals(bytes(0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g'),
                new ProtoWriter().string(2, "testing").toByteArray());
        // 1.0f = 0x3F800000, little-endian, wire type 5
        assertArrayEquals(bytes(0x15, 0x00, 0x00, 0x80, 0x3F), new ProtoWriter().float32(2, 1.0f).toByteArray());
        // field 20 needs a two-byte tag
        assertArrayEquals(bytes(0xA0, 0x01, 0x05), new ProtoWriter().varint(20, 5).toByteArray());
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
