package dev.hetflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hetflow.common.events.CloudEvent;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the packaged-trainer fault tests read back: a job's end, its stored versions, event payloads. */
final class TrainerJobs {

    private static final Pattern VERSION_DIR = Pattern.compile("/v(\\d+)/" + Pattern.quote(ObjectLayout.MANIFEST) + "$");

    private TrainerJobs() {
    }

    /** The job's status once it ended, polled; a trainer that does not know the job yet (still scanning) is waited for. */
    static JsonNode awaitEnd(ServiceClient trainer, String jobId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status;
            try {
                status = trainer.get("/jobs/" + jobId);
            } catch (RuntimeException e) {
                status = null;
            }
            if (status != null && List.of("FINISHED", "FAILED", "CANCELLED").contains(status.path("state").asText())) {
                return status;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("job " + jobId + " did not end within " + timeout);
    }

    /** Versions with a manifest (the last file a checkpoint writes) under the model's prefix. */
    static TreeSet<Integer> versionsIn(ObjectStore store, String modelId) {
        TreeSet<Integer> versions = new TreeSet<>();
        for (String key : store.list(ObjectLayout.modelPrefix(modelId))) {
            Matcher m = VERSION_DIR.matcher(key);
            if (m.find()) {
                versions.add(Integer.parseInt(m.group(1)));
            }
        }
        return versions;
    }

    static <T> T payload(CloudEvent event, Class<T> type) {
        return EventJson.read(event.data(), type);
    }
}
