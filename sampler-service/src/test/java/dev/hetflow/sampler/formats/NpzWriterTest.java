package dev.hetflow.sampler.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.manifest.DecodedLabel;
import dev.hetflow.datasets.record.Npy;
import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.sampler.sampling.AnnotatedSample;
import dev.hetflow.sampler.sampling.Samples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npz read back by the JDK's two zip readers (local headers with CRC checks, and the central directory). */
class NpzWriterTest {

    private static final DatasetManifest PIV = new DatasetManifest(DatasetManifest.VERSION,
            "piv-train-0123456789abcdef", "piv", "train", 100, List.of(3, 4, 5), "float32", 1,
            List.of(Channel.greyLevels("frame_a"), Channel.continuousLabel("u", "px", -4, 4),
                    Channel.continuousLabel("v", "px", -4, 4)), DatasetManifest.NORMALIZATION, "none", "heterogeneous",
            Map.of("split", "train"), "00", "hetflow.tensors.piv-train-0123456789abcdef");

    @Test
    void bothZipReadersSeeEveryArrayWithItsValues(@TempDir Path dir) throws IOException {
        Samples samples = samples(7);
        byte[] npz = NpzWriter.write(samples);

        Map<String, Npy.NpyArray> streamed = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                assertEquals(ZipEntry.STORED, e.getMethod());
                streamed.put(e.getName(), Npy.decode(zip.readAllBytes()));
            }
        }
        Path file = Files.write(dir.resolve("s.npz"), npz);
        Map<String, Npy.NpyArray> central = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                central.put(e.getName(), Npy.decode(zip.getInputStream(e).readAllBytes()));
            }
        }
        for (Map<String, Npy.NpyArray> arrays : List.of(streamed, central)) {
            assertEquals(List.of("x.npy", "u.npy", "u_spread.npy", "v.npy", "v_spread.npy"),
                    List.copyOf(arrays.keySet()));
            assertArrayEquals(new int[] {7, 3, 4, 5}, arrays.get("x.npy").shape());
            for (int i = 0; i < 7; i++) {
                AnnotatedSample s = samples.samples().get(i);
                float[] row = java.util.Arrays.copyOfRange(arrays.get("x.npy").values(), i * 60, (i + 1) * 60);
                assertArrayEquals(s.values(), row);
                assertEquals((float) s.labels().get(1).value(), arrays.get("v.npy").values()[i]);
                assertEquals((float) s.labels().get(0).spread(), arrays.get("u_spread.npy").values()[i]);
            }
        }
    }

    @Test
    void sameSamplesSameBytes() {
        assertArrayEquals(NpzWriter.write(samples(3)), NpzWriter.write(samples(3)));
    }

    private static Samples samples(int n) {
        Random random = new Random(n);
        List<AnnotatedSample> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] x = new float[60];
            for (int k = 0; k < x.length; k++) {
                x[k] = random.nextFloat();
            }
            rows.add(new AnnotatedSample(i, x, List.of(
                    new DecodedLabel("u", "px", 8 * random.nextDouble() - 4, -1, random.nextDouble() / 10),
                    new DecodedLabel("v", "px", 8 * random.nextDouble() - 4, -1, random.nextDouble() / 10))));
        }
        return new Samples("m", 1, n, 1.0, 4, PIV, rows);
    }
}
