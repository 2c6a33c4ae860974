package dev.hetflow.trainer.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.common.events.CloudEvent;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.models.ManifestFile;
import dev.hetflow.common.models.ModelManifest;
import dev.hetflow.common.models.ModelPublished;
import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.stack.SharedLocalStack;
import dev.hetflow.sylvester.flows.FlowType;
import dev.hetflow.trainer.checkpoint.Checkpointer;
import dev.hetflow.trainer.data.DeadLetters;
import dev.hetflow.trainer.data.KafkaClients;
import dev.hetflow.trainer.data.PivRecords;
import dev.hetflow.trainer.events.TrainingEvents;
import dev.hetflow.trainer.model.SnfSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;

/** A small SNF job on 32x32 synthetic PIV against the real local stack: it trains, checkpoints and publishes. */
class SnfJobTest {

    @Test
    void snfJobPublishesAVersionWithSamplerAndEncoderGraphs() throws Exception {
        String bootstrap = SharedLocalStack.get().kafkaBootstrap();
        try (ObjectStore store = new ObjectStore(SharedLocalStack.get().settings().s3Settings());
             Producer<String, byte[]> producer = KafkaClients.producer(bootstrap, "snf-job-test")) {
            String datasetId = PivRecords.publish(bootstrap, store, producer, PivRecords.source(32, 24));
            String jobId = "job-snf-" + System.nanoTime();
            SnfSpec small = new SnfSpec(FlowType.ORTHOGONAL, 8, 2, 2, 4, 16, 0.01, 10L, 2);
            JobSpec spec = new JobSpec(small, datasetId, "heterogeneous", 8, 5L, 0.001, 50, 2L, 0, 100)
                    .withDefaults(new TestConfig());
            StatusBoard board = new StatusBoard(new JobStore(store));
            board.put(JobStatus.queued(jobId, spec.learningRate()));
            JobContext context = new JobContext(store, () -> KafkaClients.consumer(bootstrap, "snf-job-test"),
                    new DeadLetters(producer), new TrainingEvents(producer), new Checkpointer(store, "test"),
                    new TestConfig(), ModelFactory.standard());
            new JobRun(jobId, spec, context, board, new AtomicBoolean()).run();

            JobStatus status = board.get(jobId).orElseThrow();
            assertEquals(JobState.FINISHED, status.state(), String.valueOf(status.reason()));
            assertEquals(1, status.publishedVersion());
            List<CloudEvent> published = EventLog.ofType(EventLog.read(bootstrap, Topics.MODELS, jobId),
                    dev.hetflow.common.events.EventTypes.MODEL_PUBLISHED);
            assertEquals(1, published.size());
            ModelPublished event = EventJson.read(published.get(0).data(), ModelPublished.class);
            assertEquals("snf", event.kind());
            ModelManifest manifest = EventJson.read(store.get(event.manifestKey(), event.manifestSha256()),
                    ModelManifest.class);
            assertEquals(List.of(ObjectLayout.STATE, ObjectLayout.SAMPLER_ONNX, ObjectLayout.ENCODER_ONNX),
                    manifest.files().stream().map(ManifestFile::name).toList());
            assertEquals(List.of(8, 1, 1), manifest.sampler().latentShape());
            for (ManifestFile f : manifest.files()) {
                // the store checks the bytes against the manifest's sha256
                assertTrue(store.get(ObjectLayout.modelFile(jobId, 1, f.name()), f.sha256()).length > 0, f.name());
            }
        }
    }
}
