package dev.hetflow.datasets.piv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.piv.estimate.Displacement;
import dev.hetflow.datasets.piv.estimate.VectorRms;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.StreamOptions;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The manifest's PIV spec strings read back into the same source: one codec, both directions. */
class PivSpecCodecTest {

    @Test
    void aSourceRebuiltFromItsSpecStringsDrawsTheSamePairs() {
        PivSpec spec = PivSpec.DEFAULT.withFlow(FlowKind.UNIFORM, 2.5).withSize(16, 16);
        PivSource original = new PivSource(spec, new StreamOptions(Split.TEST, 5, 77, Layout.HETEROGENEOUS,
                Dequantization.UNIFORM));
        PivSource back = PivSource.fromSpec(original.spec(), Split.TEST, 5);
        assertEquals(spec, PivSpec.fromMap(original.spec()));
        assertEquals(original.spec(), back.spec());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(original.tensor(i).values(), back.tensor(i).values(), 0f);
        }
        Map<String, String> missing = new TreeMap<>(original.spec());
        missing.remove("piv.noise-std");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PivSpec.fromMap(missing));
        assertEquals("the data set's spec has no piv.noise-std", e.getMessage());
    }

    @Test
    void vectorRmsAveragesSquaredErrorsOfValidEstimatesOnly() {
        VectorRms rms = new VectorRms();
        rms.add(new Displacement(1, 2, 2, 0.9, true), 0, 0); // |(1, 2)|^2 = 5
        rms.add(new Displacement(4, 0, 2, 0.9, true), 1, 4); // |(3, -4)|^2 = 25
        rms.add(new Displacement(9, 9, 1, 0.1, false), 0, 0);
        rms.add(true, 0, 0, Double.NaN, 0);
        assertEquals(Math.sqrt(15), rms.value(), 1e-12);
        assertEquals(2, rms.invalid());
        assertEquals(Double.NaN, new VectorRms().value());
    }
}
