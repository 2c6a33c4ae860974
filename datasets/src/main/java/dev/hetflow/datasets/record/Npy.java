package dev.hetflow.datasets.record;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** NumPy's {@code .npy} format 1.0 for little-endian float32 arrays in C order. */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Preamble: magic, major and minor version, header length (uint16 little-endian). */
    private static final int PREAMBLE = MAGIC.length + 2 + 2;
    /** NumPy pads the header so the data starts on a 64-byte boundary. */
    private static final int ALIGN = 64;
    private static final Pattern HEADER = Pattern.compile(
            "\\{\\s*'descr'\\s*:\\s*'([^']*)'\\s*,\\s*'fortran_order'\\s*:\\s*(True|False)\\s*,"
                    + "\\s*'shape'\\s*:\\s*\\(([0-9,\\s]*)\\)\\s*,?\\s*\\}\\s*");

    private Npy() {
    }

    /** The bytes of a .npy file holding {@code values} with {@code shape}. */
    public static byte[] encode(float[] values, int... shape) {
        long elements = 1;
        for (int d : shape) {
            elements *= d;
        }
        if (elements != values.length) {
            throw new IllegalArgumentException("shape holds " + elements + " values, got " + values.length);
        }
        byte[] header = header(shape);
        ByteBuffer out = ByteBuffer.allocate(PREAMBLE + header.length + 4 * values.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header);
        out.asFloatBuffer().put(values);
        return out.array();
    }

    /** Size in bytes of the .npy file for a float32 array of {@code shape}. */
    public static int encodedSize(int... shape) {
        int elements = 1;
        for (int d : shape) {
            elements *= d;
        }
        return PREAMBLE + header(shape).length + 4 * elements;
    }

    /**
     * Reads a .npy file of little-endian float32 in C order.
     *
     * @throws MalformedRecordException when it is not one
     */
    public static NpyArray decode(byte[] bytes) {
        if (bytes == null || bytes.length < PREAMBLE) {
            throw new MalformedRecordException("value is not a .npy file: too short");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new MalformedRecordException("value is not a .npy file: bad magic");
            }
        }
        if (bytes[6] != 1) {
            throw new MalformedRecordException(".npy version " + bytes[6] + "." + bytes[7] + " is not supported");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = Short.toUnsignedInt(in.getShort(8));
        if (PREAMBLE + headerLength > bytes.length) {
            throw new MalformedRecordException(".npy header runs past the end of the value");
        }
        String header = new String(bytes, PREAMBLE, headerLength, StandardCharsets.ISO_8859_1);
        Matcher m = HEADER.matcher(header);
        if (!m.matches()) {
            throw new MalformedRecordException("unreadable .npy header: " + header.strip());
        }
        if (!TensorRecordFormat.NPY_DESCR.equals(m.group(1)) || !"False".equals(m.group(2))) {
            throw new MalformedRecordException(".npy holds " + m.group(1) + (m.group(2).equals("True")
                    ? " in Fortran order" : "") + ", expected little-endian float32 (<f4) in C order");
        }
        int[] shape = parseShape(m.group(3));
        long elements = 1;
        for (int d : shape) {
            elements *= d;
        }
        int dataStart = PREAMBLE + headerLength;
        if (bytes.length - dataStart != 4 * elements) {
            throw new MalformedRecordException(".npy data holds " + (bytes.length - dataStart) + " bytes, shape "
                    + java.util.Arrays.toString(shape) + " needs " + 4 * elements);
        }
        float[] values = new float[(int) elements];
        in.position(dataStart);
        in.asFloatBuffer().get(values);
        return new NpyArray(shape, values);
    }

    private static int[] parseShape(String text) {
        String[] parts = text.split(",");
        int n = 0;
        int[] shape = new int[parts.length];
        for (String part : parts) {
            String p = part.strip();
            if (!p.isEmpty()) {
                try {
                    shape[n++] = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    throw new MalformedRecordException(".npy shape is not numeric: (" + text + ")");
                }
            }
        }
        return java.util.Arrays.copyOf(shape, n);
    }

    private static byte[] header(int[] shape) {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? shape[0] + "," : dims.substring(0, dims.length() - 2);
        StringBuilder header = new StringBuilder("{'descr': '" + TensorRecordFormat.NPY_DESCR
                + "', 'fortran_order': False, 'shape': (" + shapeText + "), }");
        int total = PREAMBLE + header.length() + 1;
        int padding = (ALIGN - total % ALIGN) % ALIGN;
        header.append(" ".repeat(padding)).append('\n');
        return header.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A decoded array. */
    public record NpyArray(int[] shape, float[] values) {
    }
}
