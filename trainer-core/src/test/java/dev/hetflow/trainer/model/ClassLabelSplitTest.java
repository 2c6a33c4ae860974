package dev.hetflow.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.dynamics.Activation;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ffjord-class reports p(label) p(image | label) in either space: CNF blocks on the pixels keep the class plane where
 * the data put it, so the label's bits/dim are the class layer's exact label density alone. Checked against the
 * class-conditional Gaussian (0 blocks) loaded with the same class-layer parameters (they come first in the store):
 * the same label bits/dim, to rounding, while the joint bits/dim differ (the trained CNF block moved the image).
 */
class ClassLabelSplitTest {

    private static final SampleShape SHAPE = new SampleShape(1, 1, 4, 4);

    private static Batch batch(int seed) {
        Random r = new Random(seed);
        float[] v = new float[4 * 32];
        for (int row = 0; row < 4; row++) {
            int k = (row + seed) % 3;
            for (int p = 0; p < 32; p++) {
                v[row * 32 + p] = p < 16 ? 0.1f + 0.8f * r.nextFloat() : (k + 0.05f + 0.9f * r.nextFloat()) / 3;
            }
        }
        return new Batch(v, 4, SHAPE);
    }

    private static FfjordClassSpec spec(int blocks, ClassCnfSpace space) {
        return new FfjordClassSpec(blocks, List.of(4), Activation.SOFTPLUS, 1.0, 3, null, space, null,
                SolverSpec.rk4(2), null);
    }

    @ParameterizedTest
    @EnumSource(ClassCnfSpace.class)
    void labelBitsAreTheClassLayersAloneInEitherSpace(ClassCnfSpace space) {
        try (GenerativeModel flow = spec(1, space).build(SHAPE, 3);
             GenerativeModel gaussian = spec(0, space).build(SHAPE, 3)) {
            for (int i = 0; i < 4; i++) {
                flow.trainStep(batch(i), 0.05);
            }
            float[] state = flow.snapshot().state();
            int n = state.length / 3;
            int prefix = gaussian.snapshot().state().length / 3;
            assertTrue(prefix < n, "the CNF block adds parameters after the class layer's");
            // the class layer's parameters, Adam's moments left at zero
            float[] classLayer = Arrays.copyOf(Arrays.copyOf(state, prefix), 3 * prefix);
            gaussian.restore(new ModelSnapshot(FfjordModel.FAMILY, classLayer, 0, 3));
            Batch held = batch(9);
            OptionalDouble mine = flow.labelBitsPerDim(held);
            OptionalDouble alone = gaussian.labelBitsPerDim(held);
            assertTrue(mine.isPresent(), space + ": the split is reported");
            // the same closed form on the same class planes and prior in double: equal to rounding
            assertEquals(alone.getAsDouble(), mine.getAsDouble(), 1e-9);
            assertNotEquals(gaussian.evaluate(held).bitsPerDim(), flow.evaluate(held).bitsPerDim(), 1e-6);
        }
    }
}
