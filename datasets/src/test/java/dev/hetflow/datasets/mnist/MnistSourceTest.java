package dev.hetflow.datasets.mnist;

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
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistSourceTest {

    static final Path SHARED = Path.of(System.getProperty("hetflow.shared.data", "../../shared/data"), "mnist");

    private static StreamOptions test(long count, Dequantization dequantization) {
        return new StreamOptions(Split.TEST, count, 5, Layout.HETEROGENEOUS, dequantization);
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    @Test
    void decodesBackToTheIdxBytesExactly() throws IOException {
        byte[] images = gunzip(SHARED.resolve("t10k-images-idx3-ubyte.gz"));
        byte[] labels = gunzip(SHARED.resolve("t10k-labels-idx1-ubyte.gz"));
        for (Dequantization dequantization : Dequantization.values()) {
            MnistSource source = MnistSource.open(SHARED, test(10_000, dequantization));
            assertEquals(28, source.height());
            LabelDecoder decoder = new LabelDecoder(DatasetManifest.of(source, "t"));
            long n = 0;
            try (SampleStream stream = source.open()) {
                while (stream.hasNext()) {
                    TensorSample s = stream.next();
                    int i = (int) s.index();
                    // IDX: 16 header bytes then 784 pixels per image; 8 header bytes then one byte per label
                    byte[] expected = Arrays.copyOfRange(images, 16 + i * 784, 16 + (i + 1) * 784);
                    assertArrayEquals(expected, decoder.decodeLevels(s, "image"), "image " + i);
                    assertEquals(labels[8 + i], decoder.decodeClass(s, "class"), "label " + i);
                    for (float v : s.values()) {
                        assertTrue(v >= 0 && v < 1, "normalized value " + v);
                    }
                    n++;
                }
            }
            assertEquals(10_000, n);
        }
    }

    @Test
    void rawAndGzippedFilesGiveTheSameSamples(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), gunzip(SHARED.resolve("t10k-images-idx3-ubyte.gz")));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), gunzip(SHARED.resolve("t10k-labels-idx1-ubyte.gz")));
        try (SampleStream raw = MnistSource.open(dir, test(50, Dequantization.UNIFORM)).open();
             SampleStream gz = MnistSource.open(SHARED, test(50, Dequantization.UNIFORM)).open()) {
            while (raw.hasNext()) {
                assertArrayEquals(gz.next().values(), raw.next().values());
            }
        }
    }

    @Test
    void homogeneousLayoutHasOnlyTheImage() {
        MnistSource source = MnistSource.open(SHARED,
                new StreamOptions(Split.TEST, 3, 1, Layout.HOMOGENEOUS, Dequantization.NONE));
        assertEquals(1, source.channels().size());
        try (SampleStream stream = source.open()) {
            assertEquals(784, stream.next().values().length);
        }
    }

    @Test
    void refusesAMissingFolderOrFile(@TempDir Path dir) {
        SourceDataException missing = assertThrows(SourceDataException.class,
                () -> MnistSource.open(dir, test(10, Dequantization.NONE)));
        assertTrue(missing.getMessage().contains("t10k-images-idx3-ubyte"), missing.getMessage());
        assertThrows(SourceDataException.class,
                () -> MnistSource.open(dir.resolve("nowhere"), test(10, Dequantization.NONE)));
        assertThrows(SourceDataException.class, () -> MnistSource.open(SHARED,
                new StreamOptions(Split.TRAIN, 10, 1, Layout.HETEROGENEOUS, Dequantization.NONE)));
    }

    @Test
    void refusesATruncatedFile(@TempDir Path dir) throws IOException {
        byte[] images = gunzip(SHARED.resolve("t10k-images-idx3-ubyte.gz"));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), Arrays.copyOf(images, images.length - 100));
        Files.copy(SHARED.resolve("t10k-labels-idx1-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
        SourceDataException e = assertThrows(SourceDataException.class,
                () -> MnistSource.open(dir, test(10, Dequantization.NONE)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void refusesACorruptGzipOrHeader(@TempDir Path dir) throws IOException {
        byte[] gz = Files.readAllBytes(SHARED.resolve("t10k-images-idx3-ubyte.gz"));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), Arrays.copyOf(gz, gz.length / 2));
        Files.copy(SHARED.resolve("t10k-labels-idx1-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThrows(SourceDataException.class, () -> MnistSource.open(dir, test(10, Dequantization.NONE)));

        byte[] images = gunzip(SHARED.resolve("t10k-images-idx3-ubyte.gz"));
        images[2] = 0x0D; // type code float instead of unsigned byte
        Files.delete(dir.resolve("t10k-images-idx3-ubyte.gz"));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), images);
        SourceDataException e = assertThrows(SourceDataException.class,
                () -> MnistSource.open(dir, test(10, Dequantization.NONE)));
        assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
    }

    @Test
    void refusesALabelOutsideTheClasses(@TempDir Path dir) throws IOException {
        Files.copy(SHARED.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-images-idx3-ubyte.gz"));
        byte[] labels = gunzip(SHARED.resolve("t10k-labels-idx1-ubyte.gz"));
        labels[8 + 1234] = 12;
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels);
        SourceDataException e = assertThrows(SourceDataException.class,
                () -> MnistSource.open(dir, test(10, Dequantization.NONE)));
        assertTrue(e.getMessage().contains("item 1234 is 12"), e.getMessage());
    }

    @Test
    void refusesMoreSamplesThanTheSplitHolds() {
        assertThrows(InvalidSpecException.class, () -> MnistSource.open(SHARED, test(10_001, Dequantization.NONE)));
    }

    @Test
    void specHashesTheFiles() {
        MnistSource source = MnistSource.open(SHARED, test(10, Dequantization.NONE));
        assertEquals(64, source.spec().get("mnist.images-sha256").length());
        assertEquals(DatasetManifest.idOf(source), DatasetManifest.idOf(MnistSource.open(SHARED,
                test(10, Dequantization.NONE))));
    }

}
