package dev.hetflow.trainer.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hetflow.common.events.CloudEvent;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.events.EventTypes;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.ffjord.divergence.DivergenceMode;
import dev.hetflow.ffjord.dynamics.Activation;
import dev.hetflow.ffjord.dynamics.TimeConditioning;
import dev.hetflow.stack.SharedLocalStack;
import dev.hetflow.trainer.checkpoint.Checkpointer;
import dev.hetflow.trainer.checkpoint.ModelVersions;
import dev.hetflow.trainer.data.DeadLetters;
import dev.hetflow.trainer.data.KafkaClients;
import dev.hetflow.trainer.data.PivRecords;
import dev.hetflow.trainer.events.TrainingEvents;
import dev.hetflow.trainer.model.FfjordConvSpec;
import dev.hetflow.trainer.model.FfjordMlpSpec;
import dev.hetflow.trainer.model.SolverSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jobs run against the real local stack without Quarkus: NaN rollback, kill and resume, publication once. */
class JobRunTest {

    private static String bootstrap;
    private static ObjectStore store;
    private static Producer<String, byte[]> producer;
    private static String datasetId;

    @BeforeAll
    static void dataSet() throws Exception {
        bootstrap = SharedLocalStack.get().kafkaBootstrap();
        store = new ObjectStore(SharedLocalStack.get().settings().s3Settings());
        producer = KafkaClients.producer(bootstrap, "job-run-test");
        datasetId = PivRecords.publish(bootstrap, store, producer, PivRecords.source(8, 60));
    }

    @AfterAll
    static void close() {
        producer.close();
        store.close();
    }

    static final FfjordMlpSpec TINY = new FfjordMlpSpec(List.of(8), 1, 0.5, TimeConditioning.CONCATSQUASH,
            Activation.TANH, DivergenceMode.HUTCHINSON_RADEMACHER, DivergenceMode.HUTCHINSON_RADEMACHER,
            SolverSpec.rk4(2), null);

    static JobSpec spec(long maxIterations, int checkpointInterval) {
        return new JobSpec(TINY, datasetId, "heterogeneous", 8, 11L, 0.005, 50, maxIterations, 0,
                checkpointInterval).withDefaults(new TestConfig());
    }

    private static JobContext context(ModelFactory models) {
        return new JobContext(store, () -> KafkaClients.consumer(bootstrap, "job-run-test"), new DeadLetters(producer),
                new TrainingEvents(producer), new Checkpointer(store, "test"), new TestConfig(), models);
    }

    private static StatusBoard board(String jobId, JobSpec spec) {
        StatusBoard board = new StatusBoard(new JobStore(store));
        board.put(JobStatus.queued(jobId, spec.learningRate()));
        return board;
    }

    @Test
    void injectedNanRollsBackLowersTheLearningRateAndTheJobStillFinishes() {
        String jobId = "job-nan-" + System.nanoTime();
        JobSpec spec = spec(6, 100);
        AtomicLong calls = new AtomicLong();
        StatusBoard board = board(jobId, spec);
        new JobRun(jobId, spec, context((s, shape) -> new Faults(ModelFactory.standard().create(s, shape), c -> c == 3, -1,
                calls)), board, new AtomicBoolean()).run();

        JobStatus status = board.get(jobId).orElseThrow();
        assertEquals(JobState.FINISHED, status.state(), String.valueOf(status.reason()));
        assertEquals(6, status.iteration(), "the diverged iteration counts; training went on after the rollback");
        assertEquals(0.0025, status.learningRate(), 1e-12, "0.005 halved by the rollback");
        List<CloudEvent> events = EventLog.readUntil(bootstrap, Topics.TRAINING_EVENTS, jobId,
                EventTypes.JOB_FINISHED);
        List<CloudEvent> rollbacks = EventLog.ofType(events, EventTypes.JOB_ROLLED_BACK);
        assertEquals(1, rollbacks.size());
        JsonNode r = EventJson.read(rollbacks.get(0).data(), JsonNode.class);
        assertEquals(3, r.get("iteration").asLong());
        assertTrue(r.get("reason").asText().contains("NaN"), r.toString());
        assertEquals(2, r.get("restoredStep").asLong(), "back to the state after the 2nd good step");
    }

    @Test
    void convFfjordJobPublishesASamplerGraph() {
        String jobId = "job-conv-" + System.nanoTime();
        JobSpec spec = new JobSpec(new FfjordConvSpec(2, List.of(4), Activation.SOFTPLUS, 0.5, 1e-6,
                SolverSpec.rk4(2), null), datasetId, "heterogeneous", 8, 3L, 0.005, 50, 2L, 0, 100)
                .withDefaults(new TestConfig());
        StatusBoard board = board(jobId, spec);
        new JobRun(jobId, spec, context(ModelFactory.standard()), board, new AtomicBoolean()).run();
        JobStatus status = board.get(jobId).orElseThrow();
        assertEquals(JobState.FINISHED, status.state(), String.valueOf(status.reason()));
        assertEquals(1, status.publishedVersion());
        assertTrue(store.exists(dev.hetflow.common.storage.ObjectLayout.modelFile(jobId, 1,
                dev.hetflow.common.storage.ObjectLayout.SAMPLER_ONNX)));
    }

    @Test
    void nanEveryStepFailsTheJobWithTheReason() {
        String jobId = "job-fail-" + System.nanoTime();
        JobSpec spec = spec(20, 100);
        StatusBoard board = board(jobId, spec);
        ModelFactory alwaysNan = (s, shape) -> new Faults(ModelFactory.standard().create(s, shape), c -> true, -1,
                new AtomicLong());
        new JobRun(jobId, spec, context(alwaysNan), board, new AtomicBoolean()).run();
        JobStatus status = board.get(jobId).orElseThrow();
        assertEquals(JobState.FAILED, status.state());
        assertTrue(status.reason().contains("diverged 4 times"), status.reason());
        List<CloudEvent> failed = EventLog.ofType(EventLog.readUntil(bootstrap, Topics.TRAINING_EVENTS, jobId,
                EventTypes.JOB_FAILED), EventTypes.JOB_FAILED);
        assertEquals(1, failed.size());
        assertTrue(EventJson.read(failed.get(0).data(), JsonNode.class).get("reason").asText()
                .contains("loss is NaN"));
    }

    @Test
    void killedJobResumesFromItsLastCheckpointAndPublishesOnce() {
        String jobId = "job-kill-" + System.nanoTime();
        JobSpec spec = spec(8, 3);
        AtomicLong calls = new AtomicLong();
        StatusBoard first = board(jobId, spec);
        ModelFactory dying = (s, shape) -> new Faults(ModelFactory.standard().create(s, shape), c -> false, 5, calls);
        assertThrows(Faults.Killed.class, () -> new JobRun(jobId, spec, context(dying), first,
                new AtomicBoolean()).run());
        assertEquals(1, ModelVersions.latest(store, jobId), "one checkpoint, at iteration 3, before the kill");

        // a new trainer process: fresh board from what is persisted
        AtomicLong resumedCalls = new AtomicLong();
        StatusBoard second = new StatusBoard(new JobStore(store));
        second.put(new JobStore(store).status(jobId).orElseThrow());
        new JobRun(jobId, spec, context((s, shape) -> new Faults(ModelFactory.standard().create(s, shape), c -> false, -1,
                resumedCalls)), second, new AtomicBoolean()).run();

        JobStatus status = second.get(jobId).orElseThrow();
        assertEquals(JobState.FINISHED, status.state(), String.valueOf(status.reason()));
        assertEquals(8, status.iteration());
        assertEquals(5, resumedCalls.get(), "iterations 4..8 only: the resumed run continued from iteration 3");
        List<CloudEvent> events = EventLog.readUntil(bootstrap, Topics.TRAINING_EVENTS, jobId,
                EventTypes.JOB_FINISHED);
        List<CloudEvent> started = EventLog.ofType(events, EventTypes.JOB_STARTED);
        assertEquals(2, started.size());
        assertEquals(3, EventJson.read(started.get(1).data(), JsonNode.class).get("fromIteration").asLong());
        // checkpoints at 3 (first run), 6, then the final one at 8
        assertEquals(3, ModelVersions.latest(store, jobId));
        assertEquals(3, status.publishedVersion());
        List<CloudEvent> published = EventLog.ofType(EventLog.read(bootstrap, Topics.MODELS, jobId),
                EventTypes.MODEL_PUBLISHED);
        assertEquals(1, published.size(), "one model.published for the job's model");

        // running the finished job again (a restart that did not see its final status) publishes nothing new
        new JobRun(jobId, spec, context(ModelFactory.standard()), second, new AtomicBoolean()).run();
        assertEquals(1, EventLog.ofType(EventLog.read(bootstrap, Topics.MODELS, jobId),
                EventTypes.MODEL_PUBLISHED).size());
        assertEquals(3, ModelVersions.latest(store, jobId), "no new version for a job already at its end");

        // a crash after model.published but before status.json recorded it: the topic prevents a second event
        StatusBoard lagging = new StatusBoard(new JobStore(store));
        lagging.put(status.versions(3, 0));
        new JobRun(jobId, spec, context(ModelFactory.standard()), lagging, new AtomicBoolean()).run();
        assertEquals(1, EventLog.ofType(EventLog.read(bootstrap, Topics.MODELS, jobId),
                EventTypes.MODEL_PUBLISHED).size());
        assertEquals(3, lagging.get(jobId).orElseThrow().publishedVersion());
    }
}
