package dev.hetflow.sampler.registry;

import dev.hetflow.sampler.config.SamplerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jboss.logging.Logger;

/**
 * The loaded versions of every model. Installing a version swaps it in atomically (readers see either the old map or
 * the new one); a replaced or evicted version is released and its sessions close after its last request.
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final Map<String, NavigableMap<Integer, LoadedModel>> models = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, String>> refusals = new ConcurrentHashMap<>();
    private final int keepVersions;

    ModelRegistry(SamplerConfig config, MeterRegistry meters) {
        this.keepVersions = Math.max(1, config.keepVersions());
        Gauge.builder("hetflow.sampler.versions.loaded", this, ModelRegistry::loadedVersions)
                .description("model versions loaded, over all models").register(meters);
        Gauge.builder("hetflow.sampler.models.loaded", models, Map::size).register(meters);
    }

    /**
     * A lease on a version ({@code null}: the latest).
     *
     * @throws UnknownModelException when the model or version is not loaded
     */
    public ModelLease lease(String modelId, Integer version) {
        while (true) {
            NavigableMap<Integer, LoadedModel> versions = models.get(modelId);
            if (versions == null || versions.isEmpty()) {
                throw new UnknownModelException("no model " + modelId + " is loaded; GET /models lists them");
            }
            LoadedModel model = version == null ? versions.lastEntry().getValue() : versions.get(version);
            if (model == null) {
                throw new UnknownModelException("model " + modelId + " has no loaded version " + version
                        + "; loaded: " + versions.keySet());
            }
            if (model.tryAcquire()) {
                return new ModelLease(model);
            }
            // evicted between the read and the acquire: read the current map again
        }
    }

    /** Whether {@code keep-versions} newer versions of the model are loaded, so this one would be evicted at once. */
    public boolean superseded(String modelId, int version) {
        NavigableMap<Integer, LoadedModel> versions = models.get(modelId);
        return versions != null && versions.tailMap(version, false).size() >= keepVersions;
    }

    /** Loaded versions over all models. */
    public int loadedVersions() {
        return models.values().stream().mapToInt(Map::size).sum();
    }

    public boolean has(String modelId, int version) {
        NavigableMap<Integer, LoadedModel> versions = models.get(modelId);
        return versions != null && versions.containsKey(version);
    }

    /** Adds a version; the newest {@code keepVersions} stay, older ones are released. */
    public void install(LoadedModel model) {
        List<LoadedModel> released = new ArrayList<>();
        models.compute(model.modelId(), (id, current) -> {
            TreeMap<Integer, LoadedModel> next = current == null ? new TreeMap<>() : new TreeMap<>(current);
            LoadedModel replaced = next.put(model.version(), model);
            if (replaced != null) {
                released.add(replaced);
            }
            while (next.size() > keepVersions) {
                released.add(next.pollFirstEntry().getValue());
            }
            return Collections.unmodifiableNavigableMap(next);
        });
        Map<Integer, String> refused = refusals.get(model.modelId());
        if (refused != null) {
            refused.remove(model.version());
        }
        released.forEach(LoadedModel::release);
        LOG.infof("model %s v%d: serving (loaded versions %s)", model.modelId(), model.version(),
                models.get(model.modelId()).keySet());
    }

    /** Records that a version was refused, e.g. a file failed its sha256; the versions already loaded keep serving. */
    public void refuse(String modelId, int version, String reason) {
        refusals.computeIfAbsent(modelId, id -> new ConcurrentSkipListMap<>()).put(version, reason);
    }

    public List<ModelSummary> list() {
        List<ModelSummary> out = new ArrayList<>();
        new TreeMap<>(models).forEach((id, versions) -> {
            if (!versions.isEmpty()) {
                LoadedModel latest = versions.lastEntry().getValue();
                out.add(new ModelSummary(id, latest.manifest().kind(), latest.version(),
                        List.copyOf(versions.keySet()), latest.dataset().id(), latest.manifest().metrics(),
                        Map.copyOf(refusals.getOrDefault(id, Map.of()))));
            }
        });
        return out;
    }

    public Map<Integer, String> refusals(String modelId) {
        return Map.copyOf(refusals.getOrDefault(modelId, Map.of()));
    }

    @PreDestroy
    void close() {
        models.values().forEach(versions -> versions.values().forEach(LoadedModel::release));
        models.clear();
    }
}
