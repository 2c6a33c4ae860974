package dev.hetflow.sampler.registry;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.models.ModelManifest;
import dev.hetflow.common.models.SamplerSignature;
import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.sampler.runtime.OrtSessions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Reads a version from the object store, checking the manifest and every ONNX file against their sha256 before any
 * byte reaches ONNX Runtime, and opens its sessions.
 */
@ApplicationScoped
class ModelLoader {

    private final ObjectStore store;
    private final OrtSessions sessions;

    ModelLoader(ObjectStore store, OrtSessions sessions) {
        this.store = store;
        this.sessions = sessions;
    }

    /**
     * @param manifestKey    {@code models/<id>/v<n>/manifest.json}
     * @param manifestSha256 the digest the model.published event announced: the manifest must hash to it, and every
     *                       file to the digest the manifest lists, so replacing any object in the store is refused
     * @throws dev.hetflow.common.storage.IntegrityException when a file does not match its sha256
     */
    LoadedModel load(String manifestKey, String manifestSha256) {
        if (manifestSha256 == null) {
            throw new ModelLoadException(manifestKey + ": no announced sha256 to check the manifest against");
        }
        ModelManifest manifest = readManifest(manifestKey, manifestSha256);
        String expectedKey = ObjectLayout.modelFile(manifest.modelId(), manifest.version(), ObjectLayout.MANIFEST);
        if (!expectedKey.equals(manifestKey)) {
            throw new ModelLoadException(manifestKey + " describes " + manifest.modelId() + " v" + manifest.version());
        }
        DatasetManifest dataset = readDataset(manifest);
        SamplerSignature signature = manifest.sampler();
        byte[] samplerBytes = verifiedFile(manifest, ObjectLayout.SAMPLER_ONNX);
        byte[] encoderBytes = manifest.files().stream().anyMatch(f -> f.name().equals(ObjectLayout.ENCODER_ONNX))
                ? verifiedFile(manifest, ObjectLayout.ENCODER_ONNX) : null;
        OrtSession sampler = null;
        OrtSession encoder = null;
        try {
            sampler = sessions.open(samplerBytes);
            requireNames(manifest, "sampler", sampler, signature.stepsInput() == null
                    ? List.of(signature.latentInput()) : List.of(signature.latentInput(), signature.stepsInput()),
                    signature.output());
            if (encoderBytes != null) {
                encoder = sessions.open(encoderBytes);
                requireNames(manifest, "encoder", encoder, List.of(signature.encoderInput()),
                        signature.encoderOutput());
            }
            return new LoadedModel(manifest, dataset, sessions.environment(), sampler, encoder);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(sampler);
            closeQuietly(encoder);
            if (e instanceof ModelLoadException m) {
                throw m;
            }
            throw new ModelLoadException(manifest.modelId() + " v" + manifest.version()
                    + ": ONNX Runtime cannot load it: " + e.getMessage(), e);
        }
    }

    private ModelManifest readManifest(String key, String sha256) {
        byte[] json = store.get(key, sha256);
        try {
            return EventJson.mapper().readValue(json, ModelManifest.class);
        } catch (java.io.IOException e) {
            throw new ModelLoadException(key + " is not a readable model manifest: " + e.getMessage(), e);
        }
    }

    private static DatasetManifest readDataset(ModelManifest manifest) {
        try {
            return EventJson.mapper().treeToValue(manifest.dataset(), DatasetManifest.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ModelLoadException(manifest.modelId() + " v" + manifest.version()
                    + ": the dataset manifest is unreadable: " + e.getMessage(), e);
        }
    }

    private byte[] verifiedFile(ModelManifest manifest, String name) {
        String key = ObjectLayout.modelFile(manifest.modelId(), manifest.version(), name);
        return store.get(key, manifest.file(name).sha256());
    }

    private static void requireNames(ModelManifest manifest, String graph, OrtSession session, List<String> inputs,
                                     String output) {
        if (!session.getInputNames().containsAll(inputs) || !session.getOutputNames().contains(output)) {
            throw new ModelLoadException(manifest.modelId() + " v" + manifest.version() + ": the " + graph
                    + " graph has inputs " + session.getInputNames() + " and outputs " + session.getOutputNames()
                    + ", the manifest names " + inputs + " -> " + output);
        }
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                // already failing; the first error is the one reported
            }
        }
    }
}
