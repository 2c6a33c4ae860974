package dev.hetflow.datasets.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.PivSpec;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Fresh noise every batch: levels kept, offsets redrawn, undequantized data untouched. */
class RedequantizerTest {

    private static PivSource source(Dequantization dequantization, LabelNoise noise) {
        return new PivSource(PivSpec.WINDOW16, new StreamOptions(Split.TRAIN, 4, 3, Layout.HETEROGENEOUS,
                dequantization, noise, ClassEncoding.ORDINAL));
    }

    @Test
    void redrawsEveryOffsetAndKeepsEveryCell() {
        PivSource source = source(Dequantization.UNIFORM, LabelNoise.PLANES);
        Redequantizer fresh = Redequantizer.of(DatasetManifest.of(source, "t"));
        assertTrue(fresh.active());
        float[] stored = source.tensor(1).values();
        float[] batch = stored.clone();
        fresh.apply(batch, batch.length, new SplittableRandom(1));
        int changed = 0;
        for (int i = 0; i < batch.length; i++) {
            int cells = i < 512 ? 256 : LabelNoise.PLANE_LEVELS;
            assertEquals(Math.floor(stored[i] * cells), Math.floor(batch[i] * cells), "value " + i + " left its cell");
            changed += stored[i] != batch[i] ? 1 : 0;
        }
        assertTrue(changed > batch.length * 0.99, changed + " of " + batch.length + " redrawn");
        float[] again = stored.clone();
        fresh.apply(again, again.length, new SplittableRandom(2));
        assertNotEquals(java.util.Arrays.toString(batch), java.util.Arrays.toString(again), "another batch, "
                + "another draw");
    }

    @Test
    void constantLabelsAndUndequantizedDataAreLeftAlone() {
        PivSource constant = source(Dequantization.UNIFORM, LabelNoise.CONSTANT);
        float[] stored = constant.tensor(0).values();
        float[] batch = stored.clone();
        Redequantizer.of(DatasetManifest.of(constant, "t")).apply(batch, batch.length, new SplittableRandom(1));
        for (int i = 512; i < batch.length; i++) {
            assertEquals(stored[i], batch[i], "label value " + i);
        }
        PivSource centres = source(Dequantization.NONE, LabelNoise.PLANES);
        Redequantizer none = Redequantizer.of(DatasetManifest.of(centres, "t"));
        assertFalse(none.active());
        float[] c = centres.tensor(0).values();
        float[] copy = c.clone();
        none.apply(copy, copy.length, new SplittableRandom(1));
        assertEquals(java.util.Arrays.toString(c), java.util.Arrays.toString(copy));
    }

    @Test
    void aHomogeneousPrefixIsRedrawnSampleBySample() {
        PivSource source = source(Dequantization.UNIFORM, LabelNoise.PLANES);
        Redequantizer fresh = Redequantizer.of(DatasetManifest.of(source, "t"));
        float[] batch = new float[2 * 512];
        System.arraycopy(source.tensor(0).values(), 0, batch, 0, 512);
        System.arraycopy(source.tensor(1).values(), 0, batch, 512, 512);
        float[] before = batch.clone();
        fresh.apply(batch, 512, new SplittableRandom(3));
        for (int i = 0; i < batch.length; i++) {
            assertEquals(Math.floor(before[i] * 256), Math.floor(batch[i] * 256));
        }
    }
}
