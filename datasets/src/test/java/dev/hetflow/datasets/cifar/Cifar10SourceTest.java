package dev.hetflow.datasets.cifar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.datasets.InvalidSpecException;
import dev.hetflow.datasets.SourceDataException;
import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.manifest.LabelDecoder;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.SampleStream;
import dev.hetflow.datasets.tensor.StreamOptions;
import dev.hetflow.datasets.tensor.TensorSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10SourceTest {

    /** Writes a batch in CIFAR-10's binary format: per image 1 label byte, then 1024 R, 1024 G, 1024 B bytes. */
    private static byte[] writeBatch(Path file, int images, long seed) throws IOException {
        byte[] bytes = new byte[images * 3073];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < images; i++) {
            bytes[i * 3073] = (byte) rng.nextInt(10);
            for (int p = 1; p < 3073; p++) {
                bytes[i * 3073 + p] = (byte) rng.nextInt(256);
            }
        }
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return bytes;
    }

    private static StreamOptions options(Split split, long count) {
        return new StreamOptions(split, count, 3, Layout.HETEROGENEOUS, Dequantization.UNIFORM);
    }

    @Test
    void readsTheTestBatch(@TempDir Path dir) throws IOException {
        byte[] batch = writeBatch(dir.resolve("cifar-10-batches-bin/test_batch.bin"), 20, 1);
        Cifar10Source source = Cifar10Source.open(dir, options(Split.TEST, 20));
        assertEquals(4, source.channels().size());
        LabelDecoder decoder = new LabelDecoder(DatasetManifest.of(source, "t"));
        try (SampleStream stream = source.open()) {
            for (int i = 0; i < 20; i++) {
                TensorSample s = stream.next();
                int base = i * 3073;
                assertEquals(batch[base], decoder.decodeClass(s, "class"));
                assertArrayEquals(Arrays.copyOfRange(batch, base + 1, base + 1025), decoder.decodeLevels(s, "red"));
                assertArrayEquals(Arrays.copyOfRange(batch, base + 1025, base + 2049),
                        decoder.decodeLevels(s, "green"));
                assertArrayEquals(Arrays.copyOfRange(batch, base + 2049, base + 3073),
                        decoder.decodeLevels(s, "blue"));
                // row-major: pixel (x = 5, y = 2) of red is byte 1 + 2 * 32 + 5
                assertEquals(batch[base + 1 + 69] & 0xff, (int) Math.floor(s.get(0, 2, 5) * 256));
            }
        }
    }

    @Test
    void readsTrainBatchesInOrderAcrossFiles(@TempDir Path dir) throws IOException {
        byte[][] batches = new byte[5][];
        for (int b = 0; b < 5; b++) {
            batches[b] = writeBatch(dir.resolve("data_batch_" + (b + 1) + ".bin"), 3, 10 + b);
        }
        Cifar10Source source = Cifar10Source.open(dir, options(Split.TRAIN, 15));
        LabelDecoder decoder = new LabelDecoder(DatasetManifest.of(source, "t"));
        try (SampleStream stream = source.open()) {
            for (int i = 0; i < 15; i++) {
                TensorSample s = stream.next();
                assertEquals(batches[i / 3][(i % 3) * 3073], decoder.decodeClass(s, "class"), "sample " + i);
            }
            assertTrue(!stream.hasNext());
        }
        assertThrows(InvalidSpecException.class, () -> Cifar10Source.open(dir, options(Split.TRAIN, 16)));
    }

    @Test
    void refusesMissingTruncatedOrBadBatches(@TempDir Path dir) throws IOException {
        SourceDataException missing = assertThrows(SourceDataException.class,
                () -> Cifar10Source.open(dir, options(Split.TEST, 1)));
        assertTrue(missing.getMessage().contains("test_batch.bin"), missing.getMessage());

        byte[] batch = writeBatch(dir.resolve("test_batch.bin"), 4, 2);
        Files.write(dir.resolve("test_batch.bin"), Arrays.copyOf(batch, batch.length - 7));
        SourceDataException truncated = assertThrows(SourceDataException.class,
                () -> Cifar10Source.open(dir, options(Split.TEST, 1)));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());

        batch[3073] = 11;
        Files.write(dir.resolve("test_batch.bin"), batch);
        SourceDataException badClass = assertThrows(SourceDataException.class,
                () -> Cifar10Source.open(dir, options(Split.TEST, 1)));
        assertTrue(badClass.getMessage().contains("class 11"), badClass.getMessage());
    }
}
