package dev.hetflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hetflow.common.events.CloudEvent;
import dev.hetflow.common.events.EventTypes;
import dev.hetflow.common.jobs.JobEvents;
import dev.hetflow.common.models.ModelPublished;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.stack.FreePorts;
import dev.hetflow.stack.LocalStack;
import dev.hetflow.stack.LocalStackSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #6's fault: the real trainer service (the packaged Quarkus app this reactor built, in a child JVM) is killed
 * with SIGKILL after its first checkpoint; a new trainer process resumes the job from its last checkpoint, finishes
 * it, and every model version is written and published once. The data service streams the PIV data set.
 */
class TrainerKillResumeTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Duration START = Duration.ofSeconds(120);
    private static final long MAX_ITERATIONS = 48;
    private static final int CHECKPOINT_INTERVAL = 4;
    /** 160 uniform-flow PIV pairs; an MLP FFJORD (hidden 16, RK4 2 steps) at batch 16 that stops at MAX_ITERATIONS. */
    private static final DemoPreset PRESET = new DemoPreset(160, 3, 100, 16, 2, List.of(16), 4);

    @Test
    void aTrainerKilledWithSigkillResumesTheJobFromItsLastCheckpointAndPublishesEachVersionOnce(@TempDir Path home)
            throws Exception {
        LocalStackSettings settings = LocalStackSettings.ephemeral(home.resolve("stack"));
        String token = ApiToken.resolve(home);
        Path logs = home.resolve("logs");
        try (LocalStack stack = LocalStack.start(settings);
             ServiceProcess data = ServiceProcess.start(service("data-service"), settings, token, logs);
             ServiceProcess first = ServiceProcess.start(service("trainer-service"), settings, token, logs)) {
            data.awaitReady(START);
            first.awaitReady(START);
            String datasetId = streamPiv(new ServiceClient(data.spec().baseUrl(), token));
            String jobId = new ServiceClient(first.spec().baseUrl(), token).post("/jobs", job(datasetId))
                    .path("jobId").asText();

            long checkpointedBeforeKill;
            try (EventTail events = new EventTail(settings.kafkaBootstrap(), Topics.TRAINING_EVENTS, jobId)) {
                events.await(EventTypes.CHECKPOINT_WRITTEN, Duration.ofSeconds(60));
                ProcessHandle trainer = ProcessHandle.of(first.pid()).orElseThrow();
                assertTrue(trainer.destroyForcibly(), "SIGKILL sent to the trainer (pid " + first.pid() + ")");
                trainer.onExit().get(10, TimeUnit.SECONDS);
                assertTrue(events.ofType(EventTypes.JOB_FINISHED).isEmpty(), "the job was still running when killed");
                List<CloudEvent> checkpoints = events.ofType(EventTypes.CHECKPOINT_WRITTEN);
                checkpointedBeforeKill = TrainerJobs.payload(checkpoints.get(checkpoints.size() - 1),
                        JobEvents.CheckpointWritten.class).iteration();
            }
            assertTrue(checkpointedBeforeKill > 0 && checkpointedBeforeKill < MAX_ITERATIONS, "killed mid-job");

            try (ServiceProcess second = ServiceProcess.start(service("trainer-service"), settings, token, logs)) {
                second.awaitReady(START);
                JsonNode status = awaitEnd(new ServiceClient(second.spec().baseUrl(), token), jobId);
                assertEquals("FINISHED", status.path("state").asText(), status.toString());
                assertEquals(MAX_ITERATIONS, status.path("iteration").asLong());
                int lastVersion = status.path("lastVersion").asInt();
                assertEquals(lastVersion, status.path("publishedVersion").asInt());

                try (EventTail events = new EventTail(settings.kafkaBootstrap(), Topics.TRAINING_EVENTS, jobId);
                     EventTail models = new EventTail(settings.kafkaBootstrap(), Topics.MODELS, jobId);
                     ObjectStore store = new ObjectStore(settings.s3Settings())) {
                    // job.finished is sent after the FINISHED status was persisted: wait for it before counting
                    events.await(EventTypes.JOB_FINISHED, Duration.ofSeconds(30));
                    List<Long> startedFrom = events.ofType(EventTypes.JOB_STARTED).stream()
                            .map(e -> TrainerJobs.payload(e, JobEvents.Started.class).fromIteration()).toList();
                    assertEquals(List.of(0L, checkpointedBeforeKill), startedFrom,
                            "the restarted trainer resumed from the last checkpoint's iteration, not from 0");
                    List<Integer> written = events.ofType(EventTypes.CHECKPOINT_WRITTEN).stream()
                            .map(e -> TrainerJobs.payload(e, JobEvents.CheckpointWritten.class).version()).toList();
                    assertEquals(lastVersion, written.size(), "no version written twice: " + written);
                    assertEquals(new TreeSet<>(written.subList(Math.max(0, written.size() - 3), written.size())),
                            TrainerJobs.versionsIn(store, jobId), "the last 3 announced versions are stored (retention)");
                    List<Integer> published = models.ofType(EventTypes.MODEL_PUBLISHED).stream()
                            .map(e -> TrainerJobs.payload(e, ModelPublished.class).version()).toList();
                    assertEquals(List.of(lastVersion), published, "the final version published exactly once");
                    assertEquals(1, events.ofType(EventTypes.JOB_FINISHED).size());
                    System.out.printf("trainer pid %d killed with SIGKILL after the checkpoint at iteration %d; its "
                            + "successor resumed from %d and finished at %d: versions %s, published %s%n", first.pid(),
                            checkpointedBeforeKill, startedFrom.get(1), status.path("iteration").asLong(), written,
                            published);
                }
            }
        }
    }

    /** A fresh free port per process: the killed trainer's port is not reused by its successor. */
    private static ServiceSpec service(String name) {
        ServiceSpec spec = ServiceSpec.defaults(ROOT).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow();
        return new ServiceSpec(name, FreePorts.next(), spec.appDir());
    }

    private static String streamPiv(ServiceClient data) throws InterruptedException {
        String id = data.post("/streams", PRESET.streamRequest()).path("datasetId").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = data.get("/streams/" + id);
            String state = status.path("state").asText();
            if ("COMPLETE".equals(state)) {
                return id;
            }
            assertTrue(List.of("QUEUED", "RUNNING").contains(state), "the PIV stream ended: " + status);
            Thread.sleep(200);
        }
        throw new IllegalStateException("the PIV stream " + id + " did not complete within 60 s");
    }

    /** The demo's job at the preset's small scale, with a checkpoint every few iterations. */
    private static Map<String, Object> job(String datasetId) {
        Map<String, Object> body = PRESET.jobRequest(datasetId);
        body.put("maxIterations", MAX_ITERATIONS);
        body.put("checkpointInterval", CHECKPOINT_INTERVAL);
        return body;
    }

    private static JsonNode awaitEnd(ServiceClient trainer, String jobId) throws InterruptedException {
        return TrainerJobs.awaitEnd(trainer, jobId, Duration.ofSeconds(90));
    }
}
