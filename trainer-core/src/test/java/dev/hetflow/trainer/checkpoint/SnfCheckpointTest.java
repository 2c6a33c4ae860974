package dev.hetflow.trainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.models.ManifestFile;
import dev.hetflow.common.models.ModelManifest;
import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.piv.FlowKind;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.PivSpec;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.StreamOptions;
import dev.hetflow.stack.SharedLocalStack;
import dev.hetflow.sylvester.flows.FlowType;
import dev.hetflow.trainer.loop.LoopPosition;
import dev.hetflow.trainer.export.OrtRuns;
import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.SampleShape;
import dev.hetflow.trainer.model.GenerativeModel;
import dev.hetflow.trainer.model.SnfSpec;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** An SNF trained on a few synthetic PIV pairs, checkpointed to the local S3 and its graphs read back from there. */
class SnfCheckpointTest {

    /** float32 in ND4J and ONNX Runtime with different accumulation orders; see SnfOnnxTest. */
    private static final double TOLERANCE = 1e-4;
    private static final SampleShape PIV = new SampleShape(2, 2, 32, 32);
    private static final int LATENT = 8;

    @Test
    void snfVersionListsSamplerAndEncoderWhoseOutputsMatchNd4j() throws OrtException {
        PivSource source = new PivSource(PivSpec.DEFAULT.withFlow(FlowKind.UNIFORM, 2.0).withSize(32, 32),
                new StreamOptions(Split.TRAIN, 8, 7, Layout.HETEROGENEOUS, Dequantization.NONE));
        float[] pairs = new float[8 * PIV.dimensions()];
        for (int i = 0; i < 8; i++) {
            System.arraycopy(source.tensor(i).values(), 0, pairs, i * PIV.dimensions(), PIV.dimensions());
        }
        String modelId = "snf-" + UUID.randomUUID();
        try (ObjectStore store = new ObjectStore(SharedLocalStack.get().settings().s3Settings());
             GenerativeModel model = new SnfSpec(FlowType.HOUSEHOLDER, LATENT, 2, 2, 4, 16, 0.01, 10L, 2)
                     .build(PIV, 5)) {
            for (int i = 0; i < 3; i++) {
                assertTrue(model.trainStep(new Batch(pairs, 8, PIV), 0.005).finite());
            }
            Checkpointer.Written w = new Checkpointer(store, "test-version").write(new CheckpointRequest("job-1",
                    modelId, model, new TrainingState(model.snapshot(), LoopPosition.start()),
                    EventJson.mapper().createObjectNode().put("model", "snf"),
                    EventJson.mapper().valueToTree(DatasetManifest.of(source, "hetflow.tensors.piv")), 5,
                    Map.of("bits_per_dim", 5.0), List.of()));
            assertTrue(w.hasSampler());

            ModelManifest manifest = EventJson.read(store.get(w.manifestKey(), w.manifestSha256()),
                    ModelManifest.class);
            assertEquals("snf", manifest.kind());
            assertEquals(List.of(ObjectLayout.STATE, ObjectLayout.SAMPLER_ONNX, ObjectLayout.ENCODER_ONNX),
                    manifest.files().stream().map(ManifestFile::name).toList());
            assertEquals(List.of(LATENT, 1, 1), manifest.sampler().latentShape());
            assertNull(manifest.sampler().stepsInput(), "SNF graphs have no solver steps");

            // the store verifies each file against the manifest's sha256 on the way back
            byte[] sampler = store.get(ObjectLayout.modelFile(modelId, w.version(), ObjectLayout.SAMPLER_ONNX),
                    manifest.file(ObjectLayout.SAMPLER_ONNX).sha256());
            byte[] encoder = store.get(ObjectLayout.modelFile(modelId, w.version(), ObjectLayout.ENCODER_ONNX),
                    manifest.file(ObjectLayout.ENCODER_ONNX).sha256());

            float[] z = new float[4 * LATENT];
            Random r = new Random(9);
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) r.nextGaussian();
            }
            float[] observations = java.util.Arrays.copyOf(pairs, 4 * PIV.dimensions());
            try (OrtSession s = OrtRuns.ENV.createSession(sampler, new OrtSession.SessionOptions());
                 OrtSession e = OrtRuns.ENV.createSession(encoder, new OrtSession.SessionOptions())) {
                Map<String, String> meta = s.getMetadata().getCustomMetadata();
                assertEquals(modelId, meta.get("model_id"));
                assertEquals(Integer.toString(w.version()), meta.get("version"));
                assertEquals("5", meta.get("seed"));
                assertEquals("test-version", meta.get("code_version"));
                assertClose(flat(model.decode(rows(z, 4))),
                        OrtRuns.run(s, manifest.sampler().latentInput(), z, new long[] {4, LATENT, 1, 1},
                                manifest.sampler().output()));
                assertClose(flat(model.encode(rows(observations, 4))),
                        OrtRuns.run(e, manifest.sampler().encoderInput(), observations, new long[] {4, 4, 32, 32},
                                manifest.sampler().encoderOutput()));
            }
        }
    }


    private static float[][] rows(float[] flat, int n) {
        float[][] out = new float[n][];
        int d = flat.length / n;
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return out;
    }

    private static float[] flat(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * rows[i].length, rows[i].length);
        }
        return out;
    }

    private static void assertClose(float[] expected, float[] actual) {
        OrtRuns.assertClose(expected, actual, TOLERANCE, "SNF version");
    }
}
