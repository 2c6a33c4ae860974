package dev.hetflow.datasets.mnist;

import dev.hetflow.datasets.SourceDataException;
import dev.hetflow.datasets.SpecHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** One full pass over an IDX file: its header, every item readable, no trailing bytes, and the file's sha256. */
record IdxCheck(int[] dims, String sha256) {

    /** {@code maxValue} >= 0 also checks that every byte is at most that (label files); -1 skips that check. */
    static IdxCheck of(Path file, int expectedDims, int maxValue) {
        try (IdxReader reader = IdxReader.open(file, expectedDims)) {
            byte[] item = new byte[reader.itemSize()];
            for (int i = 0; i < reader.count(); i++) {
                reader.next(item);
                if (maxValue >= 0) {
                    for (byte b : item) {
                        if ((b & 0xff) > maxValue) {
                            throw new SourceDataException(file + ": item " + i + " is " + (b & 0xff)
                                    + ", labels must be 0.." + maxValue);
                        }
                    }
                }
            }
            reader.requireEnd();
            return new IdxCheck(reader.dims(), sha256(file));
        }
    }

    private static String sha256(Path file) {
        MessageDigest digest = SpecHash.digest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new SourceDataException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
