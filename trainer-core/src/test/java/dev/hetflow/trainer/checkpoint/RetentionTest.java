package dev.hetflow.trainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.stack.SharedLocalStack;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The last N complete versions and the published one stay; older ones and crash leftovers below them go. */
class RetentionTest {

    @Test
    void keepsTheLastThreeAndThePublishedVersionAndDeletesTheRest() {
        try (ObjectStore store = new ObjectStore(SharedLocalStack.get().settings().s3Settings())) {
            String model = "retention-" + System.nanoTime();
            for (int v = 1; v <= 7; v++) {
                put(store, model, v, ObjectLayout.STATE);
                if (v != 3 && v != 7) { // v3: a crash before its manifest; v7: a write under way
                    put(store, model, v, ObjectLayout.SAMPLER_ONNX);
                    put(store, model, v, ObjectLayout.MANIFEST);
                }
            }
            List<Integer> deleted = new Retention(store, 3).prune(model, v -> v == 1);
            assertEquals(List.of(2, 3), deleted, "v1 is published, v4-v6 the last three complete");
            TreeMap<Integer, List<String>> left = ModelVersions.files(store, model);
            assertEquals(List.of(1, 4, 5, 6, 7), List.copyOf(left.keySet()));
            assertEquals(List.of(ObjectLayout.STATE), left.get(7), "a version above the newest complete is untouched");
            assertEquals(6, ModelVersions.latest(store, model));
            assertEquals(7, ModelVersions.highestNumber(store, model), "the next checkpoint is v8, never v7 again");
        }
    }

    private static void put(ObjectStore store, String model, int v, String name) {
        store.put(ObjectLayout.modelFile(model, v, name), new byte[] {(byte) v}, "application/octet-stream");
    }
}
