package dev.hetflow.trainer.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hetflow.common.events.CloudEvent;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.events.EventTypes;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.stack.SharedLocalStack;
import dev.hetflow.trainer.checkpoint.Checkpointer;
import dev.hetflow.trainer.data.DeadLetters;
import dev.hetflow.trainer.data.KafkaClients;
import dev.hetflow.trainer.data.PivRecords;
import dev.hetflow.trainer.events.TrainingEvents;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;

/**
 * A trainer killed mid-job; a new JobManager finds the job in the object store at start-up and finishes it, though
 * another job's files cannot be read (that one is listed as UNREADABLE with the reason).
 */
class RestartResumeTest {

    @Test
    void startUpResumesUnfinishedJobsFromTheirLastCheckpoint() throws Exception {
        String bootstrap = SharedLocalStack.get().kafkaBootstrap();
        try (ObjectStore store = new ObjectStore(SharedLocalStack.get().settings().s3Settings());
             Producer<String, byte[]> producer = KafkaClients.producer(bootstrap, "restart-test")) {
            String datasetId = PivRecords.publish(bootstrap, store, producer, PivRecords.source(8, 60));
            JobSpec spec = new JobSpec(JobRunTest.TINY, datasetId, "heterogeneous", 8, 13L, 0.005, 50, 7L, 0, 2)
                    .withDefaults(new TestConfig());
            String jobId = "job-restart-" + System.nanoTime();
            JobStore jobs = new JobStore(store);
            jobs.saveSpec(jobId, spec);
            StatusBoard board = new StatusBoard(jobs);
            board.put(JobStatus.queued(jobId, spec.learningRate()));
            JobContext ctx = new JobContext(store, () -> KafkaClients.consumer(bootstrap, "restart-test"),
                    new DeadLetters(producer), new TrainingEvents(producer), new Checkpointer(store, "test"),
                    new TestConfig(), (s, shape) -> new Faults(ModelFactory.standard().create(s, shape), c -> false,
                            6, new AtomicLong()));
            assertThrows(Faults.Killed.class, () -> new JobRun(jobId, spec, ctx, board, new AtomicBoolean()).run());
            assertEquals(JobState.RUNNING, jobs.status(jobId).orElseThrow().state(), "killed: no final status");

            String corrupt = "job-corrupt-" + System.nanoTime();
            store.put("jobs/" + corrupt + "/spec.json", "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "application/json");
            StatusBoard restartedBoard = new StatusBoard(jobs);
            JobManager restarted = new JobManager(new TestConfig(), store, jobs, restartedBoard,
                    new Outages(restartedBoard::outage),
                    java.util.Map.of("bootstrap.servers", bootstrap), "test",
                    new dev.hetflow.trainer.metrics.TrainerMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
            restarted.start(null);
            try {
                long deadline = System.currentTimeMillis() + 60_000;
                while (!restarted.status(jobId).orElseThrow().state().terminal()
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                JobStatus status = restarted.status(jobId).orElseThrow();
                assertEquals(JobState.FINISHED, status.state(), String.valueOf(status.reason()));
                JobStatus unreadable = restarted.status(corrupt).orElseThrow();
                assertEquals(JobState.UNREADABLE, unreadable.state());
                org.junit.jupiter.api.Assertions.assertTrue(unreadable.reason().contains("cannot read the job's files"),
                        unreadable.reason());
                assertEquals(7, status.iteration());
                assertEquals(JobState.FINISHED, jobs.status(jobId).orElseThrow().state(), "persisted");
                List<CloudEvent> started = EventLog.ofType(EventLog.readUntil(bootstrap,
                        Topics.TRAINING_EVENTS, jobId, EventTypes.JOB_FINISHED), EventTypes.JOB_STARTED);
                assertEquals(4, EventJson.read(started.get(started.size() - 1).data(),
                        com.fasterxml.jackson.databind.JsonNode.class).get("fromIteration").asLong(),
                        "checkpoints every 2 iterations; killed in iteration 6, so the last one is at 4");
            } finally {
                restarted.stop(null);
            }
        }
    }
}
