package dev.hetflow.datasets.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NpyTest {

    @Test
    void writesNumpysExactLayout() {
        byte[] npy = Npy.encode(new float[] {1.5f, -2f, 0.25f, 3f, 4f, 5f}, 1, 2, 3);
        // magic, version 1.0, little-endian header length, header padded with spaces to a 64-byte data offset
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(npy, 8));
        int headerLength = ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertEquals(0, (10 + headerLength) % 64);
        String header = new String(npy, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), }", header.stripTrailing());
        assertEquals('\n', header.charAt(header.length() - 1));
        ByteBuffer data = ByteBuffer.wrap(npy, 10 + headerLength, 24).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1.5f, data.getFloat());
        assertEquals(-2f, data.getFloat());
        assertEquals(npy.length, Npy.encodedSize(1, 2, 3));
    }

    @Test
    void readsWhatItWrites() {
        float[] values = new float[4 * 32 * 32];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i);
        }
        Npy.NpyArray back = Npy.decode(Npy.encode(values, 4, 32, 32));
        assertArrayEquals(new int[] {4, 32, 32}, back.shape());
        assertArrayEquals(values, back.values());
        assertArrayEquals(new int[] {7}, Npy.decode(Npy.encode(new float[7], 7)).shape());
    }

    @Test
    void readsAHeaderAsNumpyWritesIt() {
        // numpy 2.4: np.save of np.zeros((2, 3), '<f4') is 152 bytes, header length 0x76 = 118: the dict, spaces
        // up to a 128-byte data offset, a newline
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        header = header + " ".repeat(118 - header.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(152).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length())
                .put(header.getBytes(StandardCharsets.ISO_8859_1));
        assertArrayEquals(new int[] {2, 3}, Npy.decode(b.array()).shape());
    }

    @Test
    void refusesOtherDtypesAndTruncation() {
        byte[] npy = Npy.encode(new float[6], 2, 3);
        assertThrows(MalformedRecordException.class, () -> Npy.decode(Arrays.copyOf(npy, npy.length - 1)));
        byte[] f8 = npy.clone();
        f8[10 + "{'descr': '<f".length()] = '8';
        assertThrows(MalformedRecordException.class, () -> Npy.decode(f8));
        assertThrows(MalformedRecordException.class, () -> Npy.decode(new byte[] {1, 2, 3}));
    }
}
