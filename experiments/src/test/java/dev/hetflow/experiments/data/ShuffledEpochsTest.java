package dev.hetflow.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.trainer.loop.BatchStream;
import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.SampleShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShuffledEpochsTest {

    /** 10 samples of 1 image + 1 label channel on 1x1: sample i is (i, 100 + i). */
    private static Dataset data() {
        float[][] valid = {{0.5f, 0.25f}};
        return new Dataset("test", List.of(Channel.greyLevels("image"), Channel.classLabel("class", 10)), 1, 1, 10,
                i -> new float[] {i, 100 + i}, valid, null, null, null);
    }

    private static List<Float> pass(ShuffledEpochs epochs, int epoch, int dims) {
        List<Float> seen = new ArrayList<>();
        try (BatchStream s = epochs.training(epoch, Map.of())) {
            for (Batch b = s.next(); b != null; b = s.next()) {
                for (int k = 0; k < b.size(); k++) {
                    seen.add(b.values()[k * dims]);
                }
            }
        }
        return seen;
    }

    @Test
    void everySampleOncePerEpochInAnOrderThatChanges() {
        ShuffledEpochs epochs = new ShuffledEpochs(data(), new SampleShape(1, 1, 1, 1), 3, 5);
        List<Float> first = pass(epochs, 0, 2);
        List<Float> second = pass(epochs, 1, 2);
        assertEquals(10, first.size());
        assertEquals(List.of(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f), first.stream().sorted().toList());
        assertEquals(first.stream().sorted().toList(), second.stream().sorted().toList());
        assertNotEquals(first, second, "epochs are shuffled differently");
        assertEquals(first, pass(epochs, 0, 2), "the same epoch, the same order");
    }

    @Test
    void theHomogeneousLayoutKeepsTheImageValuesOnly() {
        ShuffledEpochs epochs = new ShuffledEpochs(data(), new SampleShape(1, 0, 1, 1), 4, 5);
        try (BatchStream s = epochs.validation()) {
            Batch b = s.next();
            assertArrayEquals(new float[] {0.5f}, b.values());
            assertNull(s.next());
        }
    }

    @Test
    void aResumeSkipsTheBatchesAlreadyHandedOut() {
        ShuffledEpochs epochs = new ShuffledEpochs(data(), new SampleShape(1, 1, 1, 1), 3, 5);
        List<Float> all = pass(epochs, 2, 2);
        try (BatchStream s = epochs.training(2, Map.of(0, 2L))) {
            assertEquals(all.get(6), s.next().values()[0]);
            assertEquals(Map.of(0, 3L), s.positions());
        }
    }
}
