package dev.hetflow.bench.sampler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hetflow.common.events.CloudEvent;
import dev.hetflow.common.events.CloudEventHeaders;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.events.EventTypes;
import dev.hetflow.common.models.ModelPublished;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.PivSpec;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.StreamOptions;
import dev.hetflow.stack.LocalStackSettings;
import dev.hetflow.trainer.checkpoint.CheckpointRequest;
import dev.hetflow.trainer.checkpoint.Checkpointer;
import dev.hetflow.trainer.checkpoint.TrainingState;
import dev.hetflow.trainer.loop.LoopPosition;
import dev.hetflow.trainer.model.GenerativeModel;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes an FFJORD model the way the trainer's job does when it finishes: trainer-core's {@link Checkpointer}
 * writes state.bin, the sampler and encoder graphs (FfjordOnnx) and the manifest to S3, then model.published goes to
 * the models topic.
 */
public final class SamplerPublisher {

    private SamplerPublisher() {
    }

    /** Returns the published version. */
    public static int publish(LocalStackSettings stack, String modelId, GenerativeModel model) throws Exception {
        DatasetManifest dataset = DatasetManifest.of(new PivSource(PivSpec.DEFAULT,
                new StreamOptions(Split.TRAIN, 4096, DemoFfjord.SEED, Layout.HETEROGENEOUS, Dequantization.NONE)),
                Topics.tensors("piv-bench"));
        JsonNode datasetJson = EventJson.mapper().valueToTree(dataset);
        JsonNode job = EventJson.mapper().valueToTree(DemoFfjord.jobSpec(dataset.id()));
        Checkpointer.Written written;
        try (ObjectStore store = new ObjectStore(stack.s3Settings())) {
            written = new Checkpointer(store, "bench").write(new CheckpointRequest(modelId, modelId, model,
                    new TrainingState(model.snapshot(), LoopPosition.start()), job, datasetJson, DemoFfjord.SEED,
                    Map.of(), List.of()));
        }
        CloudEvent event = CloudEvent.json("/hetflow/bench", EventTypes.MODEL_PUBLISHED, modelId, EventJson.write(
                new ModelPublished(modelId, written.version(), model.family(), written.manifestKey(),
                        written.manifestSha256(), dataset.id())));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MODELS, modelId, event.data());
        CloudEventHeaders.write(event, record.headers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(record).get();
        }
        return written.version();
    }
}
