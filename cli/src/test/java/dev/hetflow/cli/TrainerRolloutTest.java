package dev.hetflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hetflow.common.events.CloudEvent;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.events.EventTypes;
import dev.hetflow.common.jobs.JobEvents;
import dev.hetflow.common.models.ModelPublished;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.stack.FreePorts;
import dev.hetflow.stack.LocalStack;
import dev.hetflow.stack.LocalStackSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #15's faults against the packaged trainer service (child JVMs) on one local stack and one streamed PIV data
 * set: SIGTERM mid-job (a rollout), two trainers on one job (a RollingUpdate, a split brain), and the S3 server down
 * for 10 s mid-job. Each time the job finishes, every version is written once and the final one is published once.
 */
class TrainerRolloutTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Duration START = Duration.ofSeconds(120);
    private static final int CHECKPOINT_INTERVAL = 4;
    private static final DemoPreset PRESET = new DemoPreset(160, 3, 100, 16, 2, List.of(16), 4);
    /** A short lease so that a takeover happens within the test; renewals every second. */
    private static final Map<String, String> SHORT_LEASE = Map.of("HETFLOW_TRAINER_LEASE_TTL", "5s",
            "HETFLOW_TRAINER_LEASE_RENEW_EVERY", "1s", "HETFLOW_TRAINER_LEASE_CONFIRM_DELAY", "300ms");

    private static Path home;
    private static LocalStack stack;
    private static ServiceProcess data;
    private static String token;
    private static String datasetId;

    @BeforeAll
    static void stackAndDataSet() throws Exception {
        home = Files.createTempDirectory("hetflow-rollout-");
        LocalStackSettings settings = LocalStackSettings.ephemeral(home.resolve("stack"));
        token = ApiToken.resolve(home);
        stack = LocalStack.start(settings);
        data = ServiceProcess.start(service("data-service"), settings, token, home.resolve("logs"));
        data.awaitReady(START);
        datasetId = streamPiv(new ServiceClient(data.spec().baseUrl(), token));
    }

    @AfterAll
    static void stop() {
        if (data != null) {
            data.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void sigtermPausesTheJobAtItsCurrentStepAndTheNextTrainerFinishesIt() throws Exception {
        long maxIterations = 48;
        String jobId;
        long pausedAt;
        int pausedVersion;
        try (ServiceProcess first = trainer(Map.of())) {
            jobId = submit(first, maxIterations);
            try (EventTail events = events(jobId)) {
                events.await(EventTypes.CHECKPOINT_WRITTEN, Duration.ofSeconds(60));
                ProcessHandle trainer = ProcessHandle.of(first.pid()).orElseThrow();
                assertTrue(trainer.destroy(), "SIGTERM sent to the trainer (pid " + first.pid() + ")");
                trainer.onExit().get(30, TimeUnit.SECONDS);
                assertTrue(events.ofType(EventTypes.JOB_FINISHED).isEmpty(), "the job was still running");
            }
        }
        try (ObjectStore store = new ObjectStore(stack.settings().s3Settings())) {
            JsonNode paused = EventJson.mapper().readTree(store.get("jobs/" + jobId + "/status.json"));
            assertEquals("PAUSED", paused.path("state").asText(), paused.toString());
            pausedAt = paused.path("iteration").asLong();
            pausedVersion = paused.path("lastVersion").asInt();
            assertTrue(pausedAt > 0 && pausedAt < maxIterations, "paused mid-job: " + paused);
        }
        try (EventTail events = events(jobId)) {
            List<CloudEvent> checkpoints = events.ofType(EventTypes.CHECKPOINT_WRITTEN);
            JobEvents.CheckpointWritten last = TrainerJobs.payload(checkpoints.get(checkpoints.size() - 1),
                    JobEvents.CheckpointWritten.class);
            assertEquals(pausedAt, last.iteration(), "the pause checkpointed the current step, not an older one");
            assertEquals(pausedVersion, last.version());
        }
        try (ServiceProcess second = trainer(Map.of())) {
            JsonNode status = awaitEnd(second, jobId);
            List<Long> startedFrom = assertRanOnceAndPublishedOnce(jobId, status, maxIterations);
            assertEquals(List.of(0L, pausedAt), startedFrom, "resumed where the pause checkpointed: nothing lost");
            System.out.printf("FAULT sigterm: the trainer paused job %s at iteration %d (v%d); its successor "
                    + "resumed from %d and finished at %d; iterations lost 0%n", jobId, pausedAt,
                    pausedVersion, startedFrom.get(1), status.path("iteration").asLong());
        }
    }

    @Test
    void twoTrainersOnOneJobWriteEachVersionOnceAndTheSecondTakesOverOnlyAfterTheLeaseExpires() throws Exception {
        long maxIterations = 48;
        try (ServiceProcess first = trainer(SHORT_LEASE);
             ServiceProcess second = trainer(SHORT_LEASE)) {
            // both trainers run (a RollingUpdate's overlap, or two replicas); the job is submitted to the first, the
            // second finds it within a few lease rounds and must leave it to the lease holder
            String jobId = submit(first, maxIterations);
            try (EventTail events = events(jobId)) {
                events.await(EventTypes.CHECKPOINT_WRITTEN, Duration.ofSeconds(60));
                Thread.sleep(4_000);
                assertEquals(1, events.ofType(EventTypes.JOB_STARTED).size(), "the second trainer waits");
                assertTrue(events.ofType(EventTypes.JOB_FINISHED).isEmpty(), "the first trainer was mid-job");
                ProcessHandle killed = ProcessHandle.of(first.pid()).orElseThrow();
                killed.destroyForcibly();
                killed.onExit().get(10, TimeUnit.SECONDS);
                long killedAt = System.nanoTime();
                List<CloudEvent> checkpoints = events.ofType(EventTypes.CHECKPOINT_WRITTEN);
                long lastCheckpointBeforeKill = TrainerJobs.payload(checkpoints.get(checkpoints.size() - 1),
                        JobEvents.CheckpointWritten.class).iteration();
                CloudEvent resumed = events.await(EventTypes.JOB_STARTED, Duration.ofSeconds(60), 2);
                long takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
                assertTrue(takeoverMs >= 4_000, "not before the 5 s lease expired: " + takeoverMs + " ms");
                assertEquals(lastCheckpointBeforeKill, TrainerJobs.payload(resumed, JobEvents.Started.class).fromIteration());
                JsonNode status = awaitEnd(second, jobId);
                List<Long> startedFrom = assertRanOnceAndPublishedOnce(jobId, status, maxIterations);
                assertEquals(List.of(0L, lastCheckpointBeforeKill), startedFrom);
                System.out.printf("FAULT two-trainers: the lease holder was killed with SIGKILL after the checkpoint "
                        + "at iteration %d; the second trainer took the lease over %d ms later (5 s TTL), resumed "
                        + "from %d and finished at %d%n", lastCheckpointBeforeKill, takeoverMs,
                        startedFrom.get(1), status.path("iteration").asLong());
            }
        }
    }

    @Test
    void theJobFinishesThroughATenSecondS3Outage() throws Exception {
        long maxIterations = 48;
        try (ServiceProcess trainer = trainer(Map.of())) {
            String jobId = submit(trainer, maxIterations);
            ServiceClient client = new ServiceClient(trainer.spec().baseUrl(), token);
            try (EventTail events = events(jobId)) {
                events.await(EventTypes.CHECKPOINT_WRITTEN, Duration.ofSeconds(60));
            }
            long before = client.get("/jobs/" + jobId).path("iteration").asLong();
            assertTrue(before < maxIterations, "the job was running when S3 went down");
            stack.outageOfS3(Duration.ofSeconds(10));
            JsonNode status = awaitEnd(trainer, jobId);
            assertRanOnceAndPublishedOnce(jobId, status, maxIterations);
            // whichever write the 10 s fall on (status.json, a checkpoint, the lease's renewal) reports the outage
            assertNotNull(status.path("lastOutage").textValue(), "the outage is reported: " + status);
            System.out.printf("FAULT s3-down-10s: S3 stopped at iteration %d for 10 s; job %s finished at %d, "
                    + "outage reported: %s%n", before, jobId, status.path("iteration").asLong(),
                    status.path("lastOutage").asText());
        }
    }

    /**
     * The job finished at maxIterations, every announced version distinct, the stored ones among them (retention
     * keeps the last 3), and the final one published exactly once; returns the JOB_STARTED fromIterations.
     */
    private static List<Long> assertRanOnceAndPublishedOnce(String jobId, JsonNode status, long maxIterations)
            throws Exception {
        assertEquals("FINISHED", status.path("state").asText(), status.toString());
        assertEquals(maxIterations, status.path("iteration").asLong());
        int lastVersion = status.path("lastVersion").asInt();
        assertEquals(lastVersion, status.path("publishedVersion").asInt());
        try (EventTail events = events(jobId);
             EventTail models = new EventTail(stack.kafkaBootstrap(), Topics.MODELS, jobId);
             ObjectStore store = new ObjectStore(stack.settings().s3Settings())) {
            List<Integer> written = events.ofType(EventTypes.CHECKPOINT_WRITTEN).stream()
                    .map(e -> TrainerJobs.payload(e, JobEvents.CheckpointWritten.class).version()).toList();
            assertEquals(written.size(), new HashSet<>(written).size(), "no version written twice: " + written);
            assertEquals(lastVersion, written.get(written.size() - 1));
            TreeSet<Integer> stored = TrainerJobs.versionsIn(store, jobId);
            assertTrue(written.containsAll(stored) && stored.contains(lastVersion) && stored.size() <= 3,
                    "stored " + stored + " are the last of " + written);
            List<Integer> published = models.ofType(EventTypes.MODEL_PUBLISHED).stream()
                    .map(e -> TrainerJobs.payload(e, ModelPublished.class).version()).toList();
            assertEquals(List.of(lastVersion), published, "the final version published exactly once");
            assertEquals(1, events.ofType(EventTypes.JOB_FINISHED).size());
            return events.ofType(EventTypes.JOB_STARTED).stream()
                    .map(e -> TrainerJobs.payload(e, JobEvents.Started.class).fromIteration()).toList();
        }
    }

    private static ServiceProcess trainer(Map<String, String> env) throws InterruptedException {
        ServiceProcess p = ServiceProcess.start(service("trainer-service"), stack.settings(), token,
                home.resolve("logs"), env);
        p.awaitReady(START);
        return p;
    }

    private static String submit(ServiceProcess trainer, long maxIterations) {
        Map<String, Object> body = PRESET.jobRequest(datasetId);
        body.put("maxIterations", maxIterations);
        body.put("checkpointInterval", CHECKPOINT_INTERVAL);
        return new ServiceClient(trainer.spec().baseUrl(), token).post("/jobs", body).path("jobId").asText();
    }

    private static EventTail events(String jobId) {
        return new EventTail(stack.kafkaBootstrap(), Topics.TRAINING_EVENTS, jobId);
    }

    private static ServiceSpec service(String name) {
        ServiceSpec spec = ServiceSpec.defaults(ROOT).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow();
        return new ServiceSpec(name, FreePorts.next(), spec.appDir());
    }

    private static String streamPiv(ServiceClient client) throws InterruptedException {
        String id = client.post("/streams", PRESET.streamRequest()).path("datasetId").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if ("COMPLETE".equals(client.get("/streams/" + id).path("state").asText())) {
                return id;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the PIV stream " + id + " did not complete within 60 s");
    }

    private static JsonNode awaitEnd(ServiceProcess trainer, String jobId) throws InterruptedException {
        return TrainerJobs.awaitEnd(new ServiceClient(trainer.spec().baseUrl(), token), jobId,
                Duration.ofSeconds(120));
    }
}
