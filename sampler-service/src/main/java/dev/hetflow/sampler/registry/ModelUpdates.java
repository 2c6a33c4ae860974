package dev.hetflow.sampler.registry;

import dev.hetflow.common.storage.IntegrityException;
import dev.hetflow.common.storage.ObjectStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Brings a published version into service: loads it (the previous version keeps serving meanwhile) and installs it.
 * A version that fails its sha256 or does not load is refused and recorded; nothing already serving changes.
 */
@ApplicationScoped
public class ModelUpdates {

    private static final Logger LOG = Logger.getLogger(ModelUpdates.class);

    private final ModelLoader loader;
    private final ModelRegistry registry;

    ModelUpdates(ModelLoader loader, ModelRegistry registry) {
        this.loader = loader;
        this.registry = registry;
    }

    /**
     * Loads one version unless it is already loaded. Serialized: the start-up scan and the event consumer may name
     * the same version.
     *
     * @return true when the version is serving afterwards
     */
    public synchronized boolean apply(String modelId, int version, String manifestKey, String manifestSha256) {
        if (registry.has(modelId, version)) {
            LOG.debugf("model %s v%d: already loaded", modelId, version);
            return true;
        }
        long start = System.nanoTime();
        try {
            LoadedModel model = loader.load(manifestKey, manifestSha256);
            registry.install(model);
            LOG.infof("model %s v%d: loaded in %d ms", modelId, version, (System.nanoTime() - start) / 1_000_000);
            return true;
        } catch (IntegrityException | ObjectStoreException | ModelLoadException | IllegalArgumentException e) {
            registry.refuse(modelId, version, e.getMessage());
            LOG.warnf("model %s v%d: refused, previous versions keep serving: %s", modelId, version, e.getMessage());
            return false;
        }
    }
}
