package dev.hetflow.datasets.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.piv.FlowKind;
import dev.hetflow.datasets.piv.LabelMode;
import dev.hetflow.datasets.piv.PivSample;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.PivSpec;
import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.StreamOptions;
import dev.hetflow.datasets.tensor.TensorSample;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetManifestTest {

    private static StreamOptions options(long seed) {
        return new StreamOptions(Split.TRAIN, 100, seed, Layout.HETEROGENEOUS, Dequantization.UNIFORM);
    }

    @Test
    void sameSpecSameIdOtherSpecOtherId() {
        DatasetManifest a = DatasetManifest.of(new PivSource(PivSpec.DEFAULT, options(1)), "t");
        DatasetManifest b = DatasetManifest.of(new PivSource(PivSpec.DEFAULT, options(1)), "t");
        DatasetManifest c = DatasetManifest.of(new PivSource(PivSpec.DEFAULT, options(2)), "t");
        assertEquals(a, b);
        assertEquals(a.id(), b.id());
        assertNotEquals(a.id(), c.id());
        assertTrue(a.id().matches("piv-train-[0-9a-f]{16}"), a.id());
        assertEquals(List.of(4, 32, 32), a.shape());
        assertEquals("uniform", a.dequantization());
        assertEquals(Channel.LABEL, a.channels().get(2).kind());
        assertEquals("px", a.channels().get(2).unit());
    }

    @Test
    void decodesPivLabelsBackToPixels() {
        PivSpec spec = PivSpec.DEFAULT.withFlow(FlowKind.RANDOM, 4);
        PivSource source = new PivSource(spec, options(3));
        LabelDecoder decoder = new LabelDecoder(DatasetManifest.of(source, "t"));
        for (int i = 0; i < 20; i++) {
            PivSample pair = source.synthesizer().sample(i);
            TensorSample tensor = source.toTensor(pair);
            List<DecodedLabel> labels = decoder.labels(tensor);
            assertEquals(2, labels.size());
            // float32 carries ~7 digits of the normalized value over a 10 px span: 1e-5 px is generous
            assertEquals(pair.u()[0], labels.get(0).value(), 1e-5);
            assertEquals(pair.v()[0], labels.get(1).value(), 1e-5);
            assertEquals(0, labels.get(0).spread(), 1e-6);
            for (float value : tensor.values()) {
                assertTrue(value > 0 && value < 1, "normalized " + value);
            }
        }
    }

    @Test
    void fieldLabelsDecodePerPixel() {
        PivSpec spec = PivSpec.DEFAULT.withFlow(FlowKind.LAMB_OSEEN, 3).withLabelMode(LabelMode.FIELD);
        PivSource source = new PivSource(spec, options(4));
        LabelDecoder decoder = new LabelDecoder(DatasetManifest.of(source, "t"));
        PivSample pair = source.synthesizer().sample(0);
        double[] u = decoder.decodeField(source.toTensor(pair), "u");
        for (int p = 0; p < u.length; p++) {
            assertEquals(pair.u()[p], u[p], 1e-5);
        }
        assertTrue(decoder.labels(source.toTensor(pair)).get(0).spread() > 0, "a vortex is not uniform");
    }

    @Test
    void homogeneousPivHasOnlyTheFrames() {
        PivSource source = new PivSource(PivSpec.DEFAULT,
                new StreamOptions(Split.TEST, 5, 1, Layout.HOMOGENEOUS, Dequantization.NONE));
        assertEquals(2, source.channels().size());
        assertEquals(2 * 32 * 32, source.tensor(0).values().length);
        assertTrue(new LabelDecoder(DatasetManifest.of(source, "t")).labels(source.tensor(0)).isEmpty());
    }
}
