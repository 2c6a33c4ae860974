package dev.hetflow.trainer.checkpoint;

import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The complete versions of a model in the object store: a version counts once its manifest exists. */
public final class ModelVersions {

    private static final Pattern MANIFEST = Pattern.compile(".*/v(\\d+)/" + Pattern.quote(ObjectLayout.MANIFEST));

    private ModelVersions() {
    }

    /** The highest complete version, 0 when none. */
    public static int latest(ObjectStore store, String modelId) {
        int latest = 0;
        for (String key : store.list(ObjectLayout.modelPrefix(modelId))) {
            Matcher m = MANIFEST.matcher(key);
            if (m.matches()) {
                latest = Math.max(latest, Integer.parseInt(m.group(1)));
            }
        }
        return latest;
    }
}
