package dev.hetflow.data.stream;

import dev.hetflow.common.events.CloudEvent;
import dev.hetflow.common.events.CloudEventHeaders;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.events.EventTypes;
import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.datasets.manifest.DatasetManifest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Publishes a finished data set's manifest: first as a {@code dataset.published} CloudEvent on the compacted
 * {@link Topics#DATASETS} topic (keyed by id, so a re-publish replaces it) through the SmallRye channel
 * {@value #CHANNEL}, awaiting the broker's acknowledgement, then in the object store, whose copy marks the data set
 * complete. Both steps are idempotent, so a transient failure of either (broker or store unreachable) is retried
 * with backoff by SmallRye Fault Tolerance: 200 ms doubling to 5 s, for up to 2 minutes.
 */
@ApplicationScoped
public class ManifestPublisher {

    static final String EVENT_SOURCE = "/hetflow/data-service";
    /** The outgoing channel of manifests (application.properties maps it to {@link Topics#DATASETS}). */
    public static final String CHANNEL = "dataset-manifests";

    private final Emitter<byte[]> emitter;
    private final ObjectStore store;
    private final TopicAdmin topics;

    ManifestPublisher(@Channel(CHANNEL) Emitter<byte[]> emitter, ObjectStore store, TopicAdmin topics) {
        this.emitter = emitter;
        this.store = store;
        this.topics = topics;
    }

    @Retry(maxRetries = -1, delay = 200, maxDuration = 120_000, jitter = 100)
    @ExponentialBackoff(maxDelay = 5_000)
    @RetryWhen(exception = TransientFailure.class)
    void publish(DatasetManifest manifest) {
        byte[] json = EventJson.write(manifest);
        topics.ensureCompactedTopic(Topics.DATASETS);
        CloudEvent event = CloudEvent.json(EVENT_SOURCE, EventTypes.DATASET_PUBLISHED, manifest.id(), json);
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.write(event, headers);
        CompletableFuture<Void> acked = new CompletableFuture<>();
        emitter.send(Message.of(json, Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(manifest.id()).withHeaders(headers).build()), () -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                }, e -> {
                    acked.completeExceptionally(e);
                    return CompletableFuture.completedFuture(null);
                }));
        try {
            acked.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish the manifest of " + manifest.id() + ": " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot publish the manifest of " + manifest.id() + ": " + e, e);
        }
        store.put(ObjectLayout.datasetManifest(manifest.id()), json, CloudEvent.JSON);
    }

    /** True once the data set is complete (its manifest is in the object store). */
    public boolean isPublished(String datasetId) {
        return store.exists(ObjectLayout.datasetManifest(datasetId));
    }

    public Optional<DatasetManifest> find(String datasetId) {
        String key = ObjectLayout.datasetManifest(datasetId);
        if (!store.exists(key)) {
            return Optional.empty();
        }
        return Optional.of(EventJson.read(store.get(key), DatasetManifest.class));
    }

    /** Every complete data set, by id. */
    public List<DatasetManifest> list() {
        List<DatasetManifest> out = new ArrayList<>();
        for (String key : store.list("datasets/")) {
            if (key.endsWith("/" + ObjectLayout.MANIFEST)) {
                out.add(EventJson.read(store.get(key), DatasetManifest.class));
            }
        }
        return out;
    }
}
