package dev.hetflow.sampler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hetflow.common.events.CloudEvent;
import dev.hetflow.common.events.CloudEventHeaders;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.events.EventTypes;
import dev.hetflow.common.models.ManifestFile;
import dev.hetflow.common.models.ModelManifest;
import dev.hetflow.common.models.ModelPublished;
import dev.hetflow.common.models.Provenance;
import dev.hetflow.common.models.SamplerSignature;
import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.common.storage.Sha256;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.onnx.DataType;
import dev.hetflow.onnx.Dim;
import dev.hetflow.onnx.Graph;
import dev.hetflow.onnx.OnnxModel;
import dev.hetflow.onnx.Tensor;
import dev.hetflow.onnx.ValueInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Small FFJORD-shaped models written with hetflow's ONNX writer, published the way the trainer does: files and
 * manifest to the object store, then a model.published CloudEvent on hetflow.models.
 *
 * <p>Sampler: {@code z [N,C,H,W] -> Loop(steps){ z = DECAY * z } -> x = sigmoid(W flat(z) + b) -> [N,C,H,W]};
 * encoder: {@code x -> W_e flat(x) -> [N,C,H,W]}.
 */
final class TestModels {

    static final float DECAY = 0.9f;
    static final int DEFAULT_STEPS = 4;

    /** A PIV-like layout: one particle image and the displacement (u, v) in px as label channels, 3x6x6. */
    static final DatasetManifest PIV = dataset("piv", List.of(Channel.greyLevels("frame_a"),
            Channel.continuousLabel("u", "px", -4, 4), Channel.continuousLabel("v", "px", -4, 4)), 6, 6);
    /** An MNIST-like layout: a grey image and its class as a label channel, 2x6x6. */
    static final DatasetManifest DIGITS = dataset("mnist", List.of(Channel.greyLevels("grey"),
            Channel.classLabel("class", 10)), 6, 6);

    /** A real synthetic PIV data set (frame_a, frame_b, u, v at 32x32, uniform flows up to 2 px), with its spec. */
    static final DatasetManifest PIV_REAL = DatasetManifest.of(new dev.hetflow.datasets.piv.PivSource(
            dev.hetflow.datasets.piv.PivSpec.DEFAULT
                    .withFlow(dev.hetflow.datasets.piv.FlowKind.UNIFORM, 2.0),
            new dev.hetflow.datasets.tensor.StreamOptions(dev.hetflow.datasets.Split.TRAIN, 100, 42,
                    dev.hetflow.datasets.tensor.Layout.HETEROGENEOUS,
                    dev.hetflow.datasets.tensor.Dequantization.NONE)), "hetflow.tensors.piv-real");

    /** MNIST's layout (image, class) at 28x28; the test reads only the layout, not the digits. */
    static final DatasetManifest MNIST = dataset("mnist", List.of(Channel.greyLevels("image"),
            Channel.classLabel("class", 10)), 28, 28);

    private TestModels() {
    }

    static DatasetManifest dataset(String source, List<Channel> channels, int h, int w) {
        return new DatasetManifest(DatasetManifest.VERSION, source + "-train-0123456789abcdef", source, "train", 100,
                List.of(channels.size(), h, w), "float32", 1, channels, DatasetManifest.NORMALIZATION, "none",
                "heterogeneous", Map.of("split", "train"), "00", Topics.tensors(source + "-train-0123456789abcdef"));
    }

    /** The weights of a version: deterministic in (version), so tests can recompute samples in Java. */
    record Weights(float[] w, float[] b, float[] encoder, int size, int latent) {

        static Weights of(DatasetManifest dataset, int version, int latent) {
            int d = dataset.shape().stream().reduce(1, (a, c) -> a * c);
            Random random = new Random(1000 + version);
            float[] w = new float[d * latent];
            float[] e = new float[latent * d];
            float[] b = new float[d];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (random.nextGaussian() / Math.sqrt(latent));
                e[i] = (float) (random.nextGaussian() / Math.sqrt(d));
            }
            for (int i = 0; i < d; i++) {
                b[i] = (float) (0.1 * version * random.nextGaussian());
            }
            return new Weights(w, b, e, d, latent);
        }

        static Weights of(DatasetManifest dataset, int version) {
            return of(dataset, version, dataset.shape().stream().reduce(1, (a, c) -> a * c));
        }

        /** The sampler in Java, double precision. */
        float[] sample(float[] z, int rows, int steps) {
            float[] x = new float[rows * size];
            double scale = Math.pow(DECAY, steps);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < size; j++) {
                    double h = b[j];
                    for (int i = 0; i < latent; i++) {
                        h += (double) w[j * latent + i] * z[r * latent + i] * scale;
                    }
                    x[r * size + j] = (float) (1 / (1 + Math.exp(-h)));
                }
            }
            return x;
        }
    }

    static byte[] samplerOnnx(DatasetManifest dataset, List<Integer> l, Weights weights) {
        List<Integer> s = dataset.shape();
        Graph body = new Graph("solver_step")
                .input(ValueInfo.scalar("i", DataType.INT64))
                .input(ValueInfo.scalar("cond_in", DataType.BOOL))
                .input(ValueInfo.unshaped("z_in", DataType.FLOAT))
                .output(ValueInfo.scalar("cond_out", DataType.BOOL))
                .output(ValueInfo.unshaped("z_out", DataType.FLOAT));
        body.node("Mul", "z_out", "z_in", "decay");
        body.node("Identity", "cond_out", "cond_in");
        Graph g = new Graph("sampler")
                .input(ValueInfo.tensor("z", DataType.FLOAT, Dim.symbolic("N"), Dim.of(l.get(0)), Dim.of(l.get(1)),
                        Dim.of(l.get(2))))
                .input(ValueInfo.scalar("steps", DataType.INT64))
                .output(ValueInfo.tensor("x", DataType.FLOAT, Dim.symbolic("N"), Dim.of(s.get(0)), Dim.of(s.get(1)),
                        Dim.of(s.get(2))));
        g.initializer(Tensor.scalar("decay", DECAY));
        g.initializer(Tensor.floats("W", weights.w(), weights.size(), weights.latent()));
        g.initializer(Tensor.floats("b", weights.b(), weights.size()));
        g.initializer(Tensor.longs("shape", new long[] {-1, s.get(0), s.get(1), s.get(2)}, 4));
        g.node("Loop", List.of("steps", "", "z"), List.of("z_t")).attr("body", body);
        g.node("Flatten", "flat", "z_t").attr("axis", 1L);
        g.node("Gemm", "h", "flat", "W", "b").attr("transB", 1L);
        g.node("Sigmoid", "s", "h");
        g.node("Reshape", "x", "s", "shape");
        return OnnxModel.of(g).producer("hetflow-test", "0").metadata("seed", "1").toBytes();
    }

    static byte[] encoderOnnx(DatasetManifest dataset, List<Integer> l, Weights weights) {
        List<Integer> s = dataset.shape();
        Graph g = new Graph("encoder")
                .input(ValueInfo.tensor("x", DataType.FLOAT, Dim.symbolic("N"), Dim.of(s.get(0)), Dim.of(s.get(1)),
                        Dim.of(s.get(2))))
                .output(ValueInfo.tensor("z", DataType.FLOAT, Dim.symbolic("N"), Dim.of(l.get(0)), Dim.of(l.get(1)),
                        Dim.of(l.get(2))));
        g.initializer(Tensor.floats("E", weights.encoder(), weights.latent(), weights.size()));
        g.initializer(Tensor.longs("shape", new long[] {-1, l.get(0), l.get(1), l.get(2)}, 4));
        g.node("Flatten", "flat", "x").attr("axis", 1L);
        g.node("Gemm", "h", "flat", "E").attr("transB", 1L);
        g.node("Reshape", "z", "h", "shape");
        return OnnxModel.of(g).toBytes();
    }

    /**
     * Writes a version and announces it.
     *
     * @param tamper when true the stored sampler.onnx differs from the bytes the manifest's sha256 names
     */
    static void publish(ObjectStore store, String modelId, int version, DatasetManifest dataset, boolean tamper) {
        publish(store, modelId, version, dataset, dataset.shape(), tamper);
    }

    /** A version whose latent has {@code latentShape} (smaller than the data for large images). */
    static void publish(ObjectStore store, String modelId, int version, DatasetManifest dataset,
                        List<Integer> latentShape, boolean tamper) {
        announce(store(store, modelId, version, dataset, latentShape, tamper));
    }

    /** Writes a version's files and manifest to the object store, without announcing it. */
    static ModelPublished store(ObjectStore store, String modelId, int version, DatasetManifest dataset,
                                List<Integer> latentShape, boolean tamper) {
        Weights weights = Weights.of(dataset, version, latentShape.stream().reduce(1, (a, c) -> a * c));
        byte[] sampler = samplerOnnx(dataset, latentShape, weights);
        byte[] encoder = encoderOnnx(dataset, latentShape, weights);
        byte[] storedSampler = sampler;
        if (tamper) {
            storedSampler = sampler.clone();
            storedSampler[storedSampler.length - 1] ^= 1;
        }
        store.put(ObjectLayout.modelFile(modelId, version, ObjectLayout.SAMPLER_ONNX), storedSampler,
                "application/octet-stream");
        store.put(ObjectLayout.modelFile(modelId, version, ObjectLayout.ENCODER_ONNX), encoder,
                "application/octet-stream");
        JsonNode datasetJson = EventJson.mapper().valueToTree(dataset);
        ModelManifest manifest = new ModelManifest(ModelManifest.SCHEMA_VERSION, modelId, version, "ffjord",
                Instant.now(), List.of(new ManifestFile(ObjectLayout.SAMPLER_ONNX, Sha256.of(sampler), sampler.length),
                new ManifestFile(ObjectLayout.ENCODER_ONNX, Sha256.of(encoder), encoder.length)), datasetJson,
                EventJson.mapper().createObjectNode().put("model", "ffjord"), Map.of("bits_per_dim", 1.5 - 0.1 * version),
                List.of(Map.of("epoch", 1.0, "train_bits_per_dim", 2.0)),
                new Provenance(1, "test", Map.of("onnx", "hand"), "linux", "amd64", "job-" + version),
                new SamplerSignature("z", latentShape, "steps", DEFAULT_STEPS, "x", "x", "z"));
        byte[] manifestBytes = EventJson.write(manifest);
        String manifestKey = ObjectLayout.modelFile(modelId, version, ObjectLayout.MANIFEST);
        store.put(manifestKey, manifestBytes, "application/json");
        return new ModelPublished(modelId, version, "ffjord", manifestKey, Sha256.of(manifestBytes), dataset.id());
    }

    /** The model.published CloudEvent on hetflow.models. */
    static void announce(ModelPublished published) {
        announce(published, bootstrap());
    }

    /** The same before the application runs (no configuration to read the broker from yet). */
    static void announce(ModelPublished published, String bootstrap) {
        CloudEvent event = CloudEvent.json("/hetflow/test", EventTypes.MODEL_PUBLISHED, published.modelId(),
                EventJson.write(published));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MODELS, published.modelId(), event.data());
        CloudEventHeaders.write(event, record.headers());
        send(record, bootstrap);
    }

    static void send(ProducerRecord<String, byte[]> record) {
        send(record, bootstrap());
    }

    static void send(ProducerRecord<String, byte[]> record, String bootstrap) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + record.topic(), e);
        }
    }

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
