package dev.hetflow.sampler.registry;

import dev.hetflow.common.storage.IntegrityException;
import dev.hetflow.common.storage.ObjectStoreException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Brings a published version into service: loads it (the previous version keeps serving meanwhile) and installs it.
 * A version that fails its sha256 or does not load is refused, recorded (GET /models lists it), logged and counted
 * ({@code hetflow_sampler_model_refusals_total}); nothing already serving changes.
 */
@ApplicationScoped
public class ModelUpdates {

    private static final Logger LOG = Logger.getLogger(ModelUpdates.class);

    private final ModelLoader loader;
    private final ModelRegistry registry;
    private final MeterRegistry meters;
    /** The manifest digests already refused, by model and version: an announcement read twice is refused once. */
    private final Map<String, String> refused = new HashMap<>();

    ModelUpdates(ModelLoader loader, ModelRegistry registry, MeterRegistry meters) {
        this.loader = loader;
        this.registry = registry;
        this.meters = meters;
    }

    private static String reason(RuntimeException e) {
        return e instanceof IntegrityException ? "integrity" : e instanceof ObjectStoreException ? "object-store"
                : "unloadable";
    }

    /**
     * Loads one announced version unless it is already loaded, older than the versions kept, or was refused with the
     * same manifest digest. Serialized: the start-up reload and the event consumer read the same announcements.
     *
     * @param manifestSha256 the digest the announcement carries; the manifest must hash to it
     * @return true when the version is serving afterwards
     */
    public synchronized boolean apply(String modelId, int version, String manifestKey, String manifestSha256) {
        if (registry.has(modelId, version)) {
            LOG.debugf("model %s v%d: already loaded", modelId, version);
            return true;
        }
        if (registry.superseded(modelId, version)) {
            LOG.debugf("model %s v%d: older than the versions kept", modelId, version);
            return false;
        }
        String key = modelId + "/" + version;
        if (manifestSha256.equals(refused.get(key))) {
            LOG.debugf("model %s v%d: refused already", modelId, version);
            return false;
        }
        long start = System.nanoTime();
        try {
            LoadedModel model = loader.load(manifestKey, manifestSha256);
            registry.install(model);
            LOG.infof("model %s v%d: loaded in %d ms", modelId, version, (System.nanoTime() - start) / 1_000_000);
            return true;
        } catch (IntegrityException | ObjectStoreException | ModelLoadException | IllegalArgumentException e) {
            registry.refuse(modelId, version, e.getMessage());
            refused.put(key, manifestSha256);
            meters.counter("hetflow.sampler.model.refusals", "model", modelId, "reason", reason(e)).increment();
            LOG.warnf("model %s v%d: refused, previous versions keep serving: %s", modelId, version, e.getMessage());
            return false;
        }
    }
}
