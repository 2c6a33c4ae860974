package dev.hetflow.sampler.formats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A zip archive of stored (uncompressed) entries, written into one array of exactly its size: no growing buffer,
 * no second copy, one CRC pass per entry. Entries carry a fixed timestamp (1980-01-01 00:00), so equal contents
 * make equal bytes. Classic zip (no zip64): each entry and the archive stay under 2 GiB, at most 65,535 entries.
 */
final class StoredZip {

    private static final int LOCAL_HEADER = 30;
    private static final int CENTRAL_HEADER = 46;
    private static final int END_RECORD = 22;
    private static final short VERSION = 10;
    /** General purpose flag bit 11: names are UTF-8. */
    private static final short UTF8_NAMES = 0x0800;
    private static final short DOS_DATE_1980_01_01 = (1 << 5) | 1;

    /** One file of the archive. */
    record Entry(String name, byte[] content) {
    }

    private StoredZip() {
    }

    static byte[] write(List<Entry> entries) {
        if (entries.size() > 0xFFFF) {
            throw new IllegalArgumentException("more than 65535 entries");
        }
        byte[][] names = new byte[entries.size()][];
        long size = END_RECORD;
        for (int i = 0; i < entries.size(); i++) {
            names[i] = entries.get(i).name().getBytes(StandardCharsets.UTF_8);
            size += LOCAL_HEADER + CENTRAL_HEADER + 2L * names[i].length + entries.get(i).content().length;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("archive of " + size + " bytes needs zip64");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        int[] offsets = new int[entries.size()];
        int[] crcs = new int[entries.size()];
        CRC32 crc = new CRC32();
        for (int i = 0; i < entries.size(); i++) {
            byte[] content = entries.get(i).content();
            crc.reset();
            crc.update(content);
            crcs[i] = (int) crc.getValue();
            offsets[i] = out.position();
            out.putInt(0x04034b50).putShort(VERSION).putShort(UTF8_NAMES).putShort((short) 0).putShort((short) 0)
                    .putShort(DOS_DATE_1980_01_01).putInt(crcs[i]).putInt(content.length).putInt(content.length)
                    .putShort((short) names[i].length).putShort((short) 0).put(names[i]).put(content);
        }
        int central = out.position();
        for (int i = 0; i < entries.size(); i++) {
            int length = entries.get(i).content().length;
            out.putInt(0x02014b50).putShort(VERSION).putShort(VERSION).putShort(UTF8_NAMES).putShort((short) 0)
                    .putShort((short) 0).putShort(DOS_DATE_1980_01_01).putInt(crcs[i]).putInt(length).putInt(length)
                    .putShort((short) names[i].length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt(0).putInt(offsets[i]).put(names[i]);
        }
        int centralSize = out.position() - central;
        out.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt(centralSize).putInt(central).putShort((short) 0);
        return out.array();
    }
}
