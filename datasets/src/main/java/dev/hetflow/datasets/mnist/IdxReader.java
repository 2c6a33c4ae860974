package dev.hetflow.datasets.mnist;

import dev.hetflow.datasets.SourceDataException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an IDX file of unsigned bytes (type code 0x08), raw or gzipped (recognised by its magic bytes, not its
 * name), item by item. Header: two zero bytes, the type code, the number of dimensions, then each dimension as a
 * big-endian int32; the first dimension counts the items.
 */
final class IdxReader implements AutoCloseable {

    private static final int UNSIGNED_BYTE = 0x08;

    private final Path file;
    private final DataInputStream in;
    private final int[] dims;
    private final int itemSize;
    private long read;

    private IdxReader(Path file, DataInputStream in, int[] dims) {
        this.file = file;
        this.in = in;
        this.dims = dims;
        int size = 1;
        for (int d = 1; d < dims.length; d++) {
            size = Math.multiplyExact(size, dims[d]);
        }
        this.itemSize = size;
    }

    /** Opens {@code file} and checks that it is an unsigned-byte IDX file with {@code expectedDims} dimensions. */
    static IdxReader open(Path file, int expectedDims) {
        DataInputStream in = null;
        try {
            in = new DataInputStream(new BufferedInputStream(decompressed(file), 1 << 16));
            int magic = in.readInt();
            int type = (magic >>> 8) & 0xff;
            int ndims = magic & 0xff;
            if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || ndims != expectedDims) {
                throw new SourceDataException(file + " is not an IDX file of unsigned bytes with " + expectedDims
                        + " dimensions (magic 0x" + Integer.toHexString(magic) + ")");
            }
            int[] dims = new int[ndims];
            for (int d = 0; d < ndims; d++) {
                dims[d] = in.readInt();
                if (dims[d] <= 0) {
                    throw new SourceDataException(file + ": dimension " + d + " is " + dims[d]);
                }
            }
            return new IdxReader(file, in, dims);
        } catch (NoSuchFileException e) {
            closeQuietly(in);
            throw new SourceDataException("file not found: " + file);
        } catch (EOFException e) {
            closeQuietly(in);
            throw new SourceDataException(file + " is truncated inside its IDX header");
        } catch (ZipException e) {
            closeQuietly(in);
            throw new SourceDataException(file + " is a corrupt gzip file: " + e.getMessage());
        } catch (IOException e) {
            closeQuietly(in);
            throw new SourceDataException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (SourceDataException e) {
            closeQuietly(in);
            throw e;
        }
    }

    int count() {
        return dims[0];
    }

    int[] dims() {
        return dims.clone();
    }

    int itemSize() {
        return itemSize;
    }

    /** Reads the next item into {@code buffer} (length {@link #itemSize()}). */
    void next(byte[] buffer) {
        if (read >= dims[0]) {
            throw new SourceDataException(file + " holds only " + dims[0] + " items");
        }
        try {
            in.readFully(buffer, 0, itemSize);
            read++;
        } catch (EOFException e) {
            throw new SourceDataException(file + " is truncated: it ends inside item " + read + " of " + dims[0]);
        } catch (ZipException e) {
            throw new SourceDataException(file + " is a corrupt gzip file: " + e.getMessage());
        } catch (IOException e) {
            throw new SourceDataException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** After the last item: throws when the file holds more bytes than its header declares. */
    void requireEnd() {
        try {
            if (in.read() >= 0) {
                throw new SourceDataException(file + " holds bytes beyond the " + dims[0] + " items its header "
                        + "declares");
            }
        } catch (ZipException e) {
            throw new SourceDataException(file + " is a corrupt gzip file: " + e.getMessage());
        } catch (IOException e) {
            throw new SourceDataException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(in);
    }

    private static InputStream decompressed(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }
}
