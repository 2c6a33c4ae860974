package dev.hetflow.datasets.cifar;

import dev.hetflow.datasets.InvalidSpecException;
import dev.hetflow.datasets.SourceDataException;
import dev.hetflow.datasets.SpecHash;
import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.datasets.tensor.DatasetSource;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.SampleStream;
import dev.hetflow.datasets.tensor.StreamOptions;
import dev.hetflow.datasets.tensor.TensorAssembler;
import dev.hetflow.datasets.tensor.TensorSample;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.SplittableRandom;

/**
 * CIFAR-10 from its binary batches ({@code data_batch_1.bin} .. {@code data_batch_5.bin} for train,
 * {@code test_batch.bin} for test) in a folder the user names, or its {@code cifar-10-batches-bin} sub-folder. Each
 * record is 3073 bytes: the class (0..9), then 1024 red, 1024 green and 1024 blue levels of a 32x32 image, row-major.
 * Opening checks every file completely (whole records only, every class 0..9) and hashes them into the spec.
 */
public final class Cifar10Source implements DatasetSource {

    public static final String SOURCE = "cifar10";
    static final int SIDE = 32;
    static final int PLANE = SIDE * SIDE;
    static final int RECORD = 1 + 3 * PLANE;
    static final int CLASSES = 10;
    private static final long DEQUANTIZATION_SALT = 0x243F6A8885A308D3L;

    private final List<Path> batches;
    private final StreamOptions options;
    private final String sha256;
    private final List<Channel> channels;

    private Cifar10Source(List<Path> batches, StreamOptions options, String sha256) {
        this.batches = batches;
        this.options = options;
        this.sha256 = sha256;
        List<Channel> list = new ArrayList<>(List.of(Channel.greyLevels("red"), Channel.greyLevels("green"),
                Channel.greyLevels("blue")));
        if (options.layout() == Layout.HETEROGENEOUS) {
            list.add(Channel.classLabel("class", CLASSES));
        }
        this.channels = List.copyOf(list);
    }

    /**
     * Finds and checks the split's batches.
     *
     * @throws SourceDataException  when a batch is missing or corrupt
     * @throws InvalidSpecException when more samples are asked for than the split holds
     */
    public static Cifar10Source open(Path folder, StreamOptions options) {
        if (folder == null || !Files.isDirectory(folder)) {
            throw new SourceDataException("CIFAR-10 folder not found: " + folder);
        }
        Path dir = Files.isDirectory(folder.resolve("cifar-10-batches-bin")) ? folder.resolve("cifar-10-batches-bin")
                : folder;
        List<Path> batches = new ArrayList<>();
        if (options.split() == Split.TRAIN) {
            for (int i = 1; i <= 5; i++) {
                batches.add(dir.resolve("data_batch_" + i + ".bin"));
            }
        } else {
            batches.add(dir.resolve("test_batch.bin"));
        }
        long records = 0;
        MessageDigest digest = SpecHash.digest();
        for (Path batch : batches) {
            records += check(batch, digest);
        }
        if (options.count() > records) {
            throw new InvalidSpecException("count " + options.count() + " exceeds the " + records
                    + " samples of the CIFAR-10 " + options.split().wireName() + " split");
        }
        return new Cifar10Source(List.copyOf(batches), options, HexFormat.of().formatHex(digest.digest()));
    }

    /** Checks one batch and feeds its bytes to {@code digest}; returns its record count. */
    private static long check(Path batch, MessageDigest digest) {
        if (!Files.isRegularFile(batch)) {
            throw new SourceDataException("CIFAR-10 batch not found: " + batch);
        }
        byte[] record = new byte[RECORD];
        long count = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(batch), 1 << 16)) {
            while (true) {
                int n = in.readNBytes(record, 0, RECORD);
                if (n == 0) {
                    break;
                }
                if (n < RECORD) {
                    throw new SourceDataException(batch + " is truncated: record " + count + " has " + n + " of "
                            + RECORD + " bytes");
                }
                int label = record[0] & 0xff;
                if (label >= CLASSES) {
                    throw new SourceDataException(batch + ": record " + count + " has class " + label
                            + ", CIFAR-10 classes are 0..9");
                }
                digest.update(record);
                count++;
            }
        } catch (IOException e) {
            throw new SourceDataException("cannot read " + batch + ": " + e.getMessage(), e);
        }
        if (count == 0) {
            throw new SourceDataException(batch + " is empty");
        }
        return count;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public SortedMap<String, String> spec() {
        SortedMap<String, String> map = options.toMap(SOURCE);
        map.put("cifar10.sha256", sha256);
        return map;
    }

    @Override
    public List<Channel> channels() {
        return channels;
    }

    @Override
    public int height() {
        return SIDE;
    }

    @Override
    public int width() {
        return SIDE;
    }

    @Override
    public long count() {
        return options.count();
    }

    @Override
    public SampleStream open() {
        return new SampleStream() {
            private final byte[] record = new byte[RECORD];
            private final byte[] colour = new byte[PLANE];
            private int batch = -1;
            private DataInputStream in;
            private long next;

            @Override
            public boolean hasNext() {
                return next < options.count();
            }

            @Override
            public TensorSample next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                readRecord();
                long index = next++;
                SplittableRandom noise = new SplittableRandom(options.seed() ^ DEQUANTIZATION_SALT
                        ^ (index * 0x9E3779B97F4A7C15L));
                TensorAssembler tensor = new TensorAssembler(channels.size(), SIDE, SIDE);
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(record, 1 + c * PLANE, colour, 0, PLANE);
                    tensor.levels(c, channels.get(c), colour, options.dequantization(), noise);
                }
                if (channels.size() > 3) {
                    tensor.constantLevel(3, channels.get(3), record[0] & 0xff);
                }
                return new TensorSample(index, channels.size(), SIDE, SIDE, tensor.values());
            }

            private void readRecord() {
                try {
                    while (true) {
                        if (in != null) {
                            try {
                                in.readFully(record);
                                return;
                            } catch (EOFException endOfBatch) {
                                in.close();
                                in = null;
                            }
                        }
                        batch++;
                        if (batch >= batches.size()) {
                            throw new SourceDataException("CIFAR-10 batches ended before sample " + next);
                        }
                        in = new DataInputStream(new BufferedInputStream(Files.newInputStream(batches.get(batch)),
                                1 << 16));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void close() {
                if (in != null) {
                    try {
                        in.close();
                    } catch (IOException e) {
                        // nothing more to release
                    }
                }
            }
        };
    }
}
