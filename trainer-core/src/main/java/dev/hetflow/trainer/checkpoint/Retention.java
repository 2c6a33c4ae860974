package dev.hetflow.trainer.checkpoint;

import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * Keeps the newest {@code keepLast} complete versions of a model plus every version {@code keep} names (the published
 * ones); older versions, and files left below the newest complete version by a crashed write, are deleted. A
 * version's manifest goes first, so a version half-deleted by a crash is no longer complete and is finished off by
 * the next pruning. Versions above the newest complete one are left alone.
 */
public final class Retention {

    private final ObjectStore store;
    private final int keepLast;

    public Retention(ObjectStore store, int keepLast) {
        if (keepLast < 1) {
            throw new IllegalArgumentException("keep at least the last version, got " + keepLast);
        }
        this.store = store;
        this.keepLast = keepLast;
    }

    /** Deletes what is not kept; returns the version numbers deleted. */
    public List<Integer> prune(String modelId, IntPredicate keep) {
        TreeMap<Integer, List<String>> files = ModelVersions.files(store, modelId);
        List<Integer> complete = new ArrayList<>();
        files.forEach((v, names) -> {
            if (names.contains(ObjectLayout.MANIFEST)) {
                complete.add(v);
            }
        });
        if (complete.isEmpty()) {
            return List.of();
        }
        int newest = complete.get(complete.size() - 1);
        List<Integer> kept = complete.subList(Math.max(0, complete.size() - keepLast), complete.size());
        List<Integer> deleted = new ArrayList<>();
        for (var e : files.headMap(newest, false).entrySet()) {
            int v = e.getKey();
            if (kept.contains(v) || keep.test(v)) {
                continue;
            }
            List<String> names = new ArrayList<>(e.getValue());
            if (names.remove(ObjectLayout.MANIFEST)) {
                store.delete(ObjectLayout.modelFile(modelId, v, ObjectLayout.MANIFEST));
            }
            for (String name : names) {
                store.delete(ObjectLayout.modelFile(modelId, v, name));
            }
            deleted.add(v);
        }
        return deleted;
    }
}
