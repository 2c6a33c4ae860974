package dev.hetflow.common.models;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code models/<model-id>/v<n>/manifest.json}: what a published model version is and how to use it.
 *
 * @param schemaVersion this record's shape, {@link #SCHEMA_VERSION}
 * @param modelId       the model
 * @param version       1, 2, ... in publication order
 * @param kind          {@code ffjord} or {@code snf}
 * @param createdAt     when the version was written
 * @param files         every file of the version with its sha256 (the manifest itself excluded)
 * @param dataset       the training data set's manifest (channel layout, normalization), as JSON
 * @param job           the training job's spec, as JSON
 * @param metrics       final figures, e.g. {@code bits_per_dim}, {@code bits_per_dim_image}, {@code bits_per_dim_label}
 * @param curve         per-epoch figures in order (e.g. train and validation bits/dim)
 * @param provenance    seed, code and library versions, platform
 * @param sampler       how to call the ONNX graphs
 */
public record ModelManifest(int schemaVersion, String modelId, int version, String kind, Instant createdAt,
                            List<ManifestFile> files, JsonNode dataset, JsonNode job, Map<String, Double> metrics,
                            List<Map<String, Double>> curve, Provenance provenance, SamplerSignature sampler) {

    public static final int SCHEMA_VERSION = 1;

    public ModelManifest {
        files = List.copyOf(files);
        metrics = Map.copyOf(metrics);
        curve = List.copyOf(curve);
    }

    /** The listed file named {@code name}. */
    public ManifestFile file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("model " + modelId + " v" + version
                        + " lists no file " + name));
    }
}
