package dev.hetflow.trainer.checkpoint;

import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.models.ManifestFile;
import dev.hetflow.common.models.ModelManifest;
import dev.hetflow.common.models.Provenance;
import dev.hetflow.common.models.SamplerSignature;
import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.common.storage.StoredObject;
import dev.hetflow.trainer.export.ExportedGraphs;
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
 * a version whose manifest exists is complete; a crash before it leaves files that the next checkpoint of that number
 * overwrites.
 */
public final class Checkpointer {

    private final ObjectStore store;
    private final String codeVersion;

    public Checkpointer(ObjectStore store, String codeVersion) {
        this.store = store;
        this.codeVersion = codeVersion;
    }

    /** A written version. */
    public record Written(int version, String manifestKey, String manifestSha256, boolean hasSampler) {
    }

    public Written write(CheckpointRequest r) {
        int version = ModelVersions.latest(store, r.modelId()) + 1;
        List<ManifestFile> files = new ArrayList<>();
        files.add(put(r.modelId(), version, ObjectLayout.STATE, StateCodec.encode(r.state()),
                "application/octet-stream"));
        Provenance provenance = provenance(r);
        SamplerSignature sampler = null;
        Optional<ExportedGraphs> graphs = Optional.of(r.model().export(onnxMetadata(r, provenance, version)));
        if (graphs.isPresent()) {
            files.add(put(r.modelId(), version, ObjectLayout.SAMPLER_ONNX, graphs.get().sampler(),
                    "application/octet-stream"));
            files.add(put(r.modelId(), version, ObjectLayout.ENCODER_ONNX, graphs.get().encoder(),
                    "application/octet-stream"));
            sampler = graphs.get().signature();
        }
        ModelManifest manifest = new ModelManifest(ModelManifest.SCHEMA_VERSION, r.modelId(), version,
                r.model().family(), Instant.now(), files, r.datasetManifest(), r.jobSpec(), finite(r.metrics()),
                r.curve().stream().map(Checkpointer::finite).toList(), provenance, sampler);
        String key = ObjectLayout.modelFile(r.modelId(), version, ObjectLayout.MANIFEST);
        StoredObject m = store.put(key, EventJson.write(manifest), "application/json");
        return new Written(version, key, m.sha256(), sampler != null);
    }

    private ManifestFile put(String modelId, int version, String name, byte[] bytes, String type) {
        StoredObject o = store.put(ObjectLayout.modelFile(modelId, version, name), bytes, type);
        return new ManifestFile(name, o.sha256(), o.size());
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
