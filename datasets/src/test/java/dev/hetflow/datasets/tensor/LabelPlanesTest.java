package dev.hetflow.datasets.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.manifest.DecodedLabel;
import dev.hetflow.datasets.manifest.LabelDecoder;
import dev.hetflow.datasets.piv.PivSample;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.PivSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Label planes with per-pixel noise: a proper density that still decodes to the label. */
class LabelPlanesTest {

    private static PivSource piv(LabelNoise noise) {
        return new PivSource(PivSpec.WINDOW16, new StreamOptions(Split.TRAIN, 50, 3, Layout.HETEROGENEOUS,
                Dequantization.UNIFORM, noise, ClassEncoding.ORDINAL));
    }

    @Test
    void planesGiveEveryLabelPixelItsOwnOffsetInOneCell() {
        PivSource source = piv(LabelNoise.PLANES);
        LabelDecoder decoder = new LabelDecoder(DatasetManifest.of(source, "t"));
        for (int i = 0; i < 50; i++) {
            TensorSample s = source.tensor(i);
            PivSample truth = source.synthesizer().sample(i);
            for (int c = 2; c < 4; c++) {
                Set<Float> distinct = new HashSet<>();
                int cell = -1;
                for (int p = c * 256; p < (c + 1) * 256; p++) {
                    float v = s.values()[p];
                    distinct.add(v);
                    int k = (int) Math.floor(v * LabelNoise.PLANE_LEVELS);
                    assertTrue(cell < 0 || k == cell, "every pixel of a label plane stays in the label's cell");
                    cell = k;
                }
                assertTrue(distinct.size() > 200, "a label plane must not be constant: " + distinct.size()
                        + " distinct values of 256");
            }
            List<DecodedLabel> labels = decoder.labels(s);
            // the grid is 10 px / 256 wide (u spans +-5 px); the plane mean is the cell centre +- 1/sqrt(12 * 256)
            // of a cell, so the decoded label lies within 0.6 cell = 0.024 px of the true one
            assertEquals(truth.meanU(), labels.get(0).value(), 0.024, "u of sample " + i);
            assertEquals(truth.meanV(), labels.get(1).value(), 0.024, "v of sample " + i);
            assertTrue(labels.stream().noneMatch(DecodedLabel::clipped));
        }
        assertEquals("planes", source.spec().get("labels"));
    }

    @Test
    void constantPlanesStayAsTheyWereWithTheirHash() {
        TensorSample s = piv(LabelNoise.CONSTANT).tensor(0);
        for (int p = 2 * 256; p < 3 * 256; p++) {
            assertEquals(s.values()[2 * 256], s.values()[p]);
        }
        StreamOptions old = new StreamOptions(Split.TRAIN, 50, 3, Layout.HETEROGENEOUS, Dequantization.UNIFORM);
        assertEquals(old.toMap("piv"), piv(LabelNoise.CONSTANT).spec().entrySet().stream()
                .filter(e -> !e.getKey().startsWith("piv."))
                .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue,
                        (a, b) -> a, java.util.TreeMap::new)));
        assertNotEquals(piv(LabelNoise.PLANES).spec(), piv(LabelNoise.CONSTANT).spec());
    }

    @Test
    void decodingClipsAMeanOutsideTheRangeAndSaysSo() {
        List<Channel> channels = List.of(Channel.greyLevels("image"),
                Channel.continuousLabel("u", "px", -5, 5), Channel.classLabel("class", 10));
        float[] values = new float[3 * 4];
        java.util.Arrays.fill(values, 4, 8, 1.3f);   // u's mean above 1
        java.util.Arrays.fill(values, 8, 12, -0.2f); // class mean below 0
        List<DecodedLabel> labels = LabelDecoder.decode(channels, values, 2, 2);
        assertEquals(5.0, labels.get(0).value(), 1e-12);
        assertTrue(labels.get(0).clipped());
        assertEquals(0, labels.get(1).level());
        assertTrue(labels.get(1).clipped());
        assertEquals(2, DecodedLabel.clippedCount(labels));
    }
}
