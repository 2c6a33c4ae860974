package dev.hetflow.bench.sampler;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.PivSpec;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.StreamOptions;
import dev.hetflow.stack.LocalStackSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes a sampler graph as version 1 of a PIV model, the way the trainer does (S3, then model.published). */
public final class SamplerPublisher {

    private SamplerPublisher() {
    }

    public static void publish(LocalStackSettings stack, String modelId, byte[] sampler) throws Exception {
        DatasetManifest dataset = DatasetManifest.of(new PivSource(PivSpec.DEFAULT,
                new StreamOptions(dev.hetflow.datasets.Split.TRAIN, 1000, 1, Layout.HETEROGENEOUS,
                        Dequantization.NONE)), Topics.tensors("piv-bench"));
        ModelManifest manifest = new ModelManifest(ModelManifest.SCHEMA_VERSION, modelId, 1, "snf", Instant.now(),
                List.of(new ManifestFile(ObjectLayout.SAMPLER_ONNX, Sha256.of(sampler), sampler.length)),
                EventJson.mapper().valueToTree(dataset), JsonNodeFactory.instance.objectNode(), Map.of(), List.of(),
                new Provenance(7, "bench", Map.of(), System.getProperty("os.name"), System.getProperty("os.arch"),
                        "bench"),
                new SamplerSignature("z", List.of(MlpDecoder.CHANNELS, MlpDecoder.SIDE, MlpDecoder.SIDE), null, 0, "x",
                        "x", "z"));
        byte[] manifestBytes = EventJson.write(manifest);
        String manifestKey = ObjectLayout.modelFile(modelId, 1, ObjectLayout.MANIFEST);
        try (ObjectStore store = new ObjectStore(stack.s3Settings())) {
            store.put(ObjectLayout.modelFile(modelId, 1, ObjectLayout.SAMPLER_ONNX), sampler,
                    "application/octet-stream");
            store.put(manifestKey, manifestBytes, "application/json");
        }
        CloudEvent event = CloudEvent.json("/hetflow/bench", EventTypes.MODEL_PUBLISHED, modelId, EventJson.write(
                new ModelPublished(modelId, 1, "snf", manifestKey, Sha256.of(manifestBytes), dataset.id())));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MODELS, modelId, event.data());
        CloudEventHeaders.write(event, record.headers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(record).get();
        }
    }
}
