package dev.hetflow.sampler.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.sampler.config.SamplerConfig;
import dev.hetflow.sampler.formats.NpzWriter;
import dev.hetflow.sampler.registry.ModelLease;
import dev.hetflow.sampler.registry.ModelRegistry;
import dev.hetflow.sampler.sampling.AnnotatedSample;
import dev.hetflow.sampler.sampling.SampleRequest;
import dev.hetflow.sampler.sampling.Samples;
import dev.hetflow.sampler.sampling.SamplingService;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Bulk exports, run one at a time in the background in shards of {@code export-shard-size} samples from one fixed
 * model version; progress is readable while they run.
 */
@ApplicationScoped
public class ExportService {

    private static final Logger LOG = Logger.getLogger(ExportService.class);

    private final ModelRegistry registry;
    private final SamplingService sampling;
    private final SampleRecords records;
    private final ObjectStore store;
    private final SamplerConfig config;
    private final ObjectMapper json;
    private final Map<String, ExportStatus> exports = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sample-export");
        t.setDaemon(true);
        return t;
    });

    ExportService(ModelRegistry registry, SamplingService sampling, SampleRecords records, ObjectStore store,
                  SamplerConfig config, ObjectMapper json) {
        this.registry = registry;
        this.sampling = sampling;
        this.records = records;
        this.store = store;
        this.config = config;
        this.json = json;
    }

    /** Validates and queues an export; returns its first status. */
    public ExportStatus start(String modelId, Integer version, ExportRequest request) {
        ExportRequest r = request == null ? new ExportRequest(null, null, null, null, null, null) : request;
        if (r.n() == null || r.n() < 1 || r.n() > config.maxExportSamples()) {
            throw new IllegalArgumentException("n must be in 1.." + config.maxExportSamples() + ", got " + r.n());
        }
        boolean kafka = r.kafka() == null || r.kafka();
        boolean shards = Boolean.TRUE.equals(r.shards());
        if (!kafka && !shards) {
            throw new IllegalArgumentException("an export needs a destination: kafka and/or shards");
        }
        int resolvedVersion;
        try (ModelLease lease = registry.lease(modelId, version)) {
            resolvedVersion = lease.model().version();
            sampling.steps(lease.model(), r.steps());
        }
        if (r.temperature() != null && !(r.temperature() > 0 && r.temperature() <= 2)) {
            throw new IllegalArgumentException("temperature must be in (0, 2], got " + r.temperature());
        }
        String exportId = "x" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String topic = kafka ? Topics.samples(exportId) : null;
        long seed = r.seed() == null ? ThreadLocalRandom.current().nextLong() : r.seed();
        ExportStatus status = new ExportStatus(exportId, modelId, resolvedVersion, "running", r.n(), 0, topic,
                List.of(), null);
        exports.put(exportId, status);
        LOG.infof("export %s: %d samples of %s v%d to %s%s", exportId, r.n(), modelId, resolvedVersion,
                kafka ? topic : "", shards ? " and .npz shards" : "");
        runner.execute(() -> run(status, seed, r, shards));
        return status;
    }

    /**
     * Deletes an export: its topic and its shards. A running export is refused (IllegalStateException); false when
     * the export is unknown.
     */
    public boolean delete(String exportId) {
        ExportStatus status = exports.get(exportId);
        if (status == null) {
            return false;
        }
        if ("running".equals(status.state())) {
            throw new IllegalStateException("export " + exportId + " is still running");
        }
        if (status.topic() != null) {
            records.deleteTopic(status.topic());
        }
        status.shardKeys().forEach(store::delete);
        exports.remove(exportId);
        LOG.infof("export %s: deleted (topic %s, %d shards)", exportId, status.topic(), status.shardKeys().size());
        return true;
    }

    public Optional<ExportStatus> status(String exportId) {
        return Optional.ofNullable(exports.get(exportId));
    }

    private void run(ExportStatus initial, long seed, ExportRequest r, boolean shards) {
        String id = initial.exportId();
        List<String> keys = new ArrayList<>();
        int produced = 0;
        try {
            if (initial.topic() != null) {
                records.createTopic(initial.topic());
            }
            for (int shard = 0; produced < initial.requested(); shard++) {
                int n = Math.min(config.exportShardSize(), initial.requested() - produced);
                Samples samples = sampling.sample(initial.modelId(), initial.version(),
                        new SampleRequest(n, seed + shard, r.temperature(), r.steps()), config.exportShardSize());
                if (initial.topic() != null) {
                    records.send(initial.topic(), id, records(samples, produced));
                }
                if (shards) {
                    String key = ObjectLayout.exportShard(id, shard);
                    store.put(key, NpzWriter.write(samples), "application/x-npz");
                    keys.add(key);
                }
                produced += n;
                exports.put(id, new ExportStatus(id, initial.modelId(), initial.version(), "running",
                        initial.requested(), produced, initial.topic(), List.copyOf(keys), null));
            }
            exports.put(id, new ExportStatus(id, initial.modelId(), initial.version(), "done", initial.requested(),
                    produced, initial.topic(), List.copyOf(keys), null));
            LOG.infof("export %s: done, %d samples", id, produced);
        } catch (RuntimeException e) {
            exports.put(id, new ExportStatus(id, initial.modelId(), initial.version(), "failed", initial.requested(),
                    produced, initial.topic(), List.copyOf(keys), e.getMessage()));
            LOG.warnf("export %s: failed after %d samples: %s", id, produced, e.getMessage());
        }
    }

    private List<Map.Entry<String, byte[]>> records(Samples samples, int offset) {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        for (AnnotatedSample s : samples.samples()) {
            int index = offset + s.index();
            try {
                byte[] value = json.writeValueAsBytes(Map.of("index", index, "model", samples.modelId(),
                        "version", samples.version(), "shape", samples.dataset().shape(), "labels", s.labels(),
                        "x", s.values()));
                out.add(new AbstractMap.SimpleEntry<>(Integer.toString(index), value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
