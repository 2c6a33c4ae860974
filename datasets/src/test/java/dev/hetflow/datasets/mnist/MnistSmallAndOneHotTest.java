package dev.hetflow.datasets.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.datasets.InvalidSpecException;
import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.manifest.LabelDecoder;
import dev.hetflow.datasets.tensor.ClassEncoding;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.LabelNoise;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.SampleStream;
import dev.hetflow.datasets.tensor.StreamOptions;
import dev.hetflow.datasets.tensor.TensorSample;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The 14x14 preset and the one-hot class layout. */
class MnistSmallAndOneHotTest {

    private static StreamOptions options(Dequantization dq, LabelNoise noise, ClassEncoding classes) {
        return new StreamOptions(Split.TEST, 200, 5, Layout.HETEROGENEOUS, dq, noise, classes);
    }

    @Test
    void fourteenPixelDigitsAreTheRoundedMeansOfTwoByTwoBlocks() {
        MnistSource full = MnistSource.open(MnistSourceTest.SHARED, options(Dequantization.NONE, LabelNoise.CONSTANT,
                ClassEncoding.ORDINAL));
        MnistSource small = MnistSource.open(MnistSourceTest.SHARED, options(Dequantization.NONE,
                LabelNoise.CONSTANT, ClassEncoding.ORDINAL), 14);
        assertEquals(14, small.height());
        assertEquals(14, small.width());
        assertEquals("14", small.spec().get("mnist.side"));
        LabelDecoder big = new LabelDecoder(DatasetManifest.of(full, "a"));
        LabelDecoder little = new LabelDecoder(DatasetManifest.of(small, "b"));
        try (SampleStream a = full.open(); SampleStream b = small.open()) {
            for (int i = 0; i < 200; i++) {
                TensorSample s = a.next();
                TensorSample t = b.next();
                byte[] levels = big.decodeLevels(s, "image");
                byte[] reduced = little.decodeLevels(t, "image");
                for (int y = 0; y < 14; y++) {
                    for (int x = 0; x < 14; x++) {
                        int sum = 0;
                        for (int d = 0; d < 4; d++) {
                            sum += levels[(2 * y + d / 2) * 28 + 2 * x + d % 2] & 0xff;
                        }
                        assertEquals((sum + 2) / 4, reduced[y * 14 + x] & 0xff, "digit " + i + " at " + x + "," + y);
                    }
                }
                assertEquals(big.decodeClass(s, "class"), little.decodeClass(t, "class"));
            }
        }
        assertThrows(InvalidSpecException.class, () -> MnistSource.open(MnistSourceTest.SHARED,
                options(Dequantization.NONE, LabelNoise.CONSTANT, ClassEncoding.ORDINAL), 10));
    }

    @Test
    void oneHotChannelsSitBesideTheOrdinalOneAndDecodeByArgmax() {
        MnistSource source = MnistSource.open(MnistSourceTest.SHARED, options(Dequantization.UNIFORM,
                LabelNoise.PLANES, ClassEncoding.ONEHOT), 14);
        assertEquals(12, source.channels().size());
        assertEquals("class", source.channels().get(1).name());
        assertEquals("class_9", source.channels().get(11).name());
        LabelDecoder decoder = new LabelDecoder(DatasetManifest.of(source, "c"));
        try (SampleStream stream = source.open()) {
            for (int i = 0; i < 200; i++) {
                TensorSample s = stream.next();
                int k = decoder.decodeClass(s, "class");
                var labels = decoder.labels(s);
                assertEquals(1, labels.size(), "the indicators are read into the class, not listed");
                assertEquals(k, labels.get(0).level());
                for (int c = 2; c < 12; c++) {
                    double mean = s.channelMean(c);
                    // indicator level 1 (class) or 0, dequantized per pixel: mean (1 + 1/2)/2 or (0 + 1/2)/2
                    assertEquals(c - 2 == k ? 0.75 : 0.25, mean, 0.05, "indicator " + (c - 2) + " of digit " + i);
                    Set<Float> distinct = new HashSet<>();
                    for (int p = c * 196; p < (c + 1) * 196; p++) {
                        distinct.add(s.values()[p]);
                    }
                    assertTrue(distinct.size() > 150, "indicator planes carry per-pixel noise");
                }
            }
        }
    }
}
