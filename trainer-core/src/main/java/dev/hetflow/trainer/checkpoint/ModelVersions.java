package dev.hetflow.trainer.checkpoint;

import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The versions of a model in the object store: a version counts as complete once its manifest exists. */
public final class ModelVersions {

    private static final Pattern FILE = Pattern.compile(".*/v(\\d+)/([^/]+)");

    private ModelVersions() {
    }

    /** The highest complete version, 0 when none. */
    public static int latest(ObjectStore store, String modelId) {
        int latest = 0;
        for (var e : files(store, modelId).entrySet()) {
            if (e.getValue().contains(ObjectLayout.MANIFEST)) {
                latest = Math.max(latest, e.getKey());
            }
        }
        return latest;
    }

    /** The highest version number with any file (complete or left half-written by a crash), 0 when none. */
    public static int highestNumber(ObjectStore store, String modelId) {
        TreeMap<Integer, List<String>> files = files(store, modelId);
        return files.isEmpty() ? 0 : files.lastKey();
    }

    /** File names per version number, in version order. */
    static TreeMap<Integer, List<String>> files(ObjectStore store, String modelId) {
        TreeMap<Integer, List<String>> out = new TreeMap<>();
        for (String key : store.list(ObjectLayout.modelPrefix(modelId))) {
            Matcher m = FILE.matcher(key);
            if (m.matches()) {
                out.computeIfAbsent(Integer.parseInt(m.group(1)), v -> new java.util.ArrayList<>()).add(m.group(2));
            }
        }
        return out;
    }
}
