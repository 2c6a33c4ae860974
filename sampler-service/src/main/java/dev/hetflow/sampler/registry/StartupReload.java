package dev.hetflow.sampler.registry;

import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.sampler.config.SamplerConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/** At start-up, loads the newest versions of every model found in the object store, off the start-up thread. */
@ApplicationScoped
class StartupReload {

    private static final Logger LOG = Logger.getLogger(StartupReload.class);
    private static final Pattern MANIFEST = Pattern.compile("models/([a-z0-9][a-z0-9-]*)/v(\\d+)/"
            + Pattern.quote(ObjectLayout.MANIFEST));

    private final ObjectStore store;
    private final ModelUpdates updates;
    private final int keepVersions;
    private volatile boolean done;

    StartupReload(ObjectStore store, ModelUpdates updates, SamplerConfig config) {
        this.store = store;
        this.updates = updates;
        this.keepVersions = Math.max(1, config.keepVersions());
    }

    void onStart(@Observes StartupEvent event) {
        Thread thread = new Thread(this::reload, "model-reload");
        thread.setDaemon(true);
        thread.start();
    }

    boolean done() {
        return done;
    }

    private void reload() {
        try {
            Map<String, TreeMap<Integer, String>> found = new TreeMap<>();
            for (String key : store.list("models/")) {
                Matcher m = MANIFEST.matcher(key);
                if (m.matches()) {
                    found.computeIfAbsent(m.group(1), id -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), key);
                }
            }
            found.forEach((id, versions) -> {
                List<Map.Entry<Integer, String>> newest = versions.entrySet().stream()
                        .sorted(Map.Entry.<Integer, String>comparingByKey(Comparator.reverseOrder()))
                        .limit(keepVersions).sorted(Map.Entry.comparingByKey()).toList();
                newest.forEach(v -> updates.apply(id, v.getKey(), v.getValue(), null));
            });
            LOG.infof("start-up reload: %d models found in the object store", found.size());
        } catch (RuntimeException e) {
            LOG.warnf("start-up reload failed, models arrive with their events only: %s", e.getMessage());
        } finally {
            done = true;
        }
    }
}
