package dev.hetflow.sampler.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hetflow.common.models.ModelManifest;
import dev.hetflow.common.models.Provenance;
import dev.hetflow.common.models.SamplerSignature;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.onnx.DataType;
import dev.hetflow.onnx.Dim;
import dev.hetflow.onnx.Graph;
import dev.hetflow.onnx.OnnxModel;
import dev.hetflow.onnx.ValueInfo;
import dev.hetflow.sampler.config.SamplerConfig;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Swap semantics with real ONNX Runtime sessions: nothing closes under a request that still holds it. */
class ModelRegistryTest {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final DatasetManifest DATASET = new DatasetManifest(1, "piv-train-0", "piv", "train", 1,
            List.of(1, 1, 2), "float32", 1, List.of(Channel.greyLevels("frame_a")), "n", "none", "homogeneous",
            Map.of(), "0", "hetflow.tensors.piv-train-0");

    @Test
    void anEvictedVersionServesItsLeaseholderAndClosesAfterTheLastLease() throws OrtException {
        ModelRegistry registry = new ModelRegistry(config(1), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        LoadedModel v1 = model(1);
        registry.install(v1);
        ModelLease inFlight = registry.lease("m", null);
        assertEquals(1, inFlight.model().version());

        registry.install(model(2));
        assertEquals(2, leaseVersion(registry, null), "new requests get v2 at once");
        assertThrows(UnknownModelException.class, () -> registry.lease("m", 1), "v1 evicted (keep 1)");
        assertFalse(v1.closed(), "v1 stays open for the request that holds it");
        float[] x = inFlight.model().sample(new float[] {0.25f, -1f}, 1, 0);
        assertEquals(0.25f, x[0], 0f, "the identity graph still runs on the evicted version");

        inFlight.close();
        assertTrue(v1.closed(), "the last lease closes the evicted version");
        inFlight.close();
        assertTrue(v1.closed(), "closing a lease twice releases once");
    }

    @Test
    void keptVersionsStayAddressableAndUnknownOnesAreNamed() throws OrtException {
        ModelRegistry registry = new ModelRegistry(config(2), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        registry.install(model(1));
        registry.install(model(2));
        registry.install(model(3));
        assertEquals(3, leaseVersion(registry, null));
        assertEquals(2, leaseVersion(registry, 2));
        UnknownModelException e = assertThrows(UnknownModelException.class, () -> registry.lease("m", 1));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(UnknownModelException.class, () -> registry.lease("other", null));
        registry.refuse("m", 4, "sampler.onnx hashes to ...");
        assertEquals(Map.of(4, "sampler.onnx hashes to ..."), registry.list().get(0).refused());
    }

    private static int leaseVersion(ModelRegistry registry, Integer version) {
        try (ModelLease lease = registry.lease("m", version)) {
            return lease.model().version();
        }
    }

    private static LoadedModel model(int version) throws OrtException {
        Graph g = new Graph("identity")
                .input(ValueInfo.tensor("z", DataType.FLOAT, Dim.symbolic("N"), Dim.of(1), Dim.of(1), Dim.of(2)))
                .output(ValueInfo.tensor("x", DataType.FLOAT, Dim.symbolic("N"), Dim.of(1), Dim.of(1), Dim.of(2)));
        g.node("Identity", "x", "z");
        OrtSession session = ENV.createSession(OnnxModel.of(g).toBytes(), new OrtSession.SessionOptions());
        ModelManifest manifest = new ModelManifest(1, "m", version, "snf", Instant.now(), List.of(),
                JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(), Map.of(), List.of(),
                new Provenance(1, "t", Map.of(), "os", "arch", "job"),
                new SamplerSignature("z", List.of(1, 1, 2), null, 0, "x", "x", "z"));
        return new LoadedModel(manifest, DATASET, ENV, session, null);
    }

    /** The registry reads only keep-versions. */
    private static SamplerConfig config(int keep) {
        return (SamplerConfig) Proxy.newProxyInstance(SamplerConfig.class.getClassLoader(),
                new Class<?>[] {SamplerConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("keepVersions")) {
                        return keep;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
