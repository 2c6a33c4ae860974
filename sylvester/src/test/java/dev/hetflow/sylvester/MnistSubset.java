package dev.hetflow.sylvester;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Test-only reader of the first n MNIST test examples (IDX gz files), stacked as [n, 2, 28, 28]: channel 0 the
 * image (k/255), channel 1 the label as a constant map (label + 0.5) / 10 in (0,1).
 */
final class MnistSubset {

    private MnistSubset() {
    }

    static Path directory() {
        return Path.of(System.getProperty("hetflow.shared.data", "/work/shared/data"), "mnist");
    }

    static INDArray load(int n) throws IOException {
        byte[] pixels = read(directory().resolve("t10k-images-idx3-ubyte.gz"), 2051, n, 28 * 28);
        byte[] labels = read(directory().resolve("t10k-labels-idx1-ubyte.gz"), 2049, n, 1);
        float[] data = new float[n * 2 * 784];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 784; p++) {
                data[i * 1568 + p] = (pixels[i * 784 + p] & 0xFF) / 255f;
                data[i * 1568 + 784 + p] = (labels[i] + 0.5f) / 10f;
            }
        }
        return Nd4j.createFromArray(data).reshape(n, 2, 28, 28);
    }

    private static byte[] read(Path file, int magic, int n, int itemSize) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            int found = in.readInt();
            if (found != magic) {
                throw new IOException(file + ": magic " + found + ", expected " + magic);
            }
            int count = in.readInt();
            if (count < n) {
                throw new IOException(file + " holds " + count + " items, need " + n);
            }
            if (magic == 2051) {
                in.readInt();
                in.readInt();
            }
            byte[] out = new byte[n * itemSize];
            in.readFully(out);
            return out;
        }
    }
}
