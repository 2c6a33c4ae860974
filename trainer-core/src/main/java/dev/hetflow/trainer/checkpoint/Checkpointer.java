package dev.hetflow.trainer.checkpoint;

import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.models.ManifestFile;
import dev.hetflow.common.models.ModelManifest;
import dev.hetflow.common.models.Provenance;
import dev.hetflow.common.models.SamplerSignature;
import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.common.storage.Sha256;
import dev.hetflow.common.storage.StoredObject;
import dev.hetflow.trainer.export.ExportedGraphs;
import dev.hetflow.trainer.retry.RetryPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a checkpoint as the next version of a model, {@code models/<id>/v<n>/}: state.bin, the ONNX sampler and
 * encoder (FFJORD and SNF, see {@link ExportedGraphs}; the manifest lists them and carries the {@code sampler}
 * signature only when they were written), then manifest.json listing every file's sha256. The manifest goes last, so
 * a version whose manifest exists is complete.
 *
 * <p>Every file is created only if absent ({@code If-None-Match: *}), so a version is written once: the next number
 * is one above the highest number that has any file (a crash half-way leaves a gap, never a rewrite), and a writer
 * that finds state.bin present has lost the number to another writer ({@link VersionTakenException}). Each write is
 * retried under the {@link RetryPolicy}; a retry that finds its own bytes already stored (the answer to the first
 * attempt was lost) counts as done.
 */
public final class Checkpointer {

    private final ObjectStore store;
    private final String codeVersion;
    private final RetryPolicy retry;

    public Checkpointer(ObjectStore store, String codeVersion) {
        this(store, codeVersion, RetryPolicy.DEFAULT);
    }

    public Checkpointer(ObjectStore store, String codeVersion, RetryPolicy retry) {
        this.store = store;
        this.codeVersion = codeVersion;
        this.retry = retry;
    }

    /** Another writer created this version first. */
    public static final class VersionTakenException extends IllegalStateException {
        public VersionTakenException(String message) {
            super(message);
        }
    }

    /** A written version. */
    public record Written(int version, String manifestKey, String manifestSha256, boolean hasSampler) {
    }

    public Written write(CheckpointRequest r) {
        return write(r, RetryPolicy.Listener.NONE);
    }

    /** Writes the next version; {@code outages} hears of every retried write. */
    public Written write(CheckpointRequest r, RetryPolicy.Listener outages) {
        int version = retry.call("list the versions of " + r.modelId(),
                () -> ModelVersions.highestNumber(store, r.modelId()), outages) + 1;
        List<ManifestFile> files = new ArrayList<>();
        files.add(put(r.modelId(), version, ObjectLayout.STATE, StateCodec.encode(r.state()),
                "application/octet-stream", outages));
        Provenance provenance = provenance(r);
        SamplerSignature sampler = null;
        Optional<ExportedGraphs> graphs = Optional.of(r.model().export(onnxMetadata(r, provenance, version)));
        if (graphs.isPresent()) {
            files.add(put(r.modelId(), version, ObjectLayout.SAMPLER_ONNX, graphs.get().sampler(),
                    "application/octet-stream", outages));
            files.add(put(r.modelId(), version, ObjectLayout.ENCODER_ONNX, graphs.get().encoder(),
                    "application/octet-stream", outages));
            sampler = graphs.get().signature();
        }
        ModelManifest manifest = new ModelManifest(ModelManifest.SCHEMA_VERSION, r.modelId(), version,
                r.model().family(), Instant.now(), files, r.datasetManifest(), r.jobSpec(), finite(r.metrics()),
                r.curve().stream().map(Checkpointer::finite).toList(), provenance, sampler);
        String key = ObjectLayout.modelFile(r.modelId(), version, ObjectLayout.MANIFEST);
        StoredObject m = create(key, EventJson.write(manifest), "application/json", outages);
        return new Written(version, key, m.sha256(), sampler != null);
    }

    private ManifestFile put(String modelId, int version, String name, byte[] bytes, String type,
            RetryPolicy.Listener outages) {
        StoredObject o = create(ObjectLayout.modelFile(modelId, version, name), bytes, type, outages);
        return new ManifestFile(name, o.sha256(), o.size());
    }

    private StoredObject create(String key, byte[] bytes, String type, RetryPolicy.Listener outages) {
        String sha = Sha256.of(bytes);
        Optional<StoredObject> created = retry.call("write " + key, () -> {
            Optional<ObjectStore.Versioned> w = store.putIfAbsent(key, bytes, type);
            if (w.isPresent()) {
                return Optional.of(w.get().object());
            }
            // present: ours if an earlier attempt landed but its answer was lost, else another writer's
            return store.storedSha256(key).filter(sha::equals)
                    .map(s -> new StoredObject(key, bytes.length, s));
        }, outages);
        return created.orElseThrow(() -> new VersionTakenException(key + " already exists: another trainer "
                + "wrote this version"));
    }

    private Provenance provenance(CheckpointRequest r) {
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("nd4j", "1.0.0-M2.1");
        libraries.put("java", System.getProperty("java.version"));
        return new Provenance(r.seed(), codeVersion, libraries,
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"), r.jobId());
    }

    private Map<String, String> onnxMetadata(CheckpointRequest r, Provenance p, int version) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model_id", r.modelId());
        meta.put("version", Integer.toString(version));
        meta.put("job_id", r.jobId());
        meta.put("seed", Long.toString(p.seed()));
        meta.put("code_version", p.codeVersion());
        meta.put("iteration", Long.toString(r.state().position().iteration()));
        meta.put("dataset_id", r.datasetManifest().path("id").asText());
        meta.put("libraries", p.libraries().toString());
        return meta;
    }

    /** JSON has no NaN: figures not (yet) known are left out. */
    private static Map<String, Double> finite(Map<String, Double> in) {
        Map<String, Double> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
