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
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes a finished data set's manifest: first as a {@code dataset.published} CloudEvent on the compacted
 * {@link Topics#DATASETS} topic (keyed by id, so a re-publish replaces it), then in the object store, whose copy
 * marks the data set complete.
 */
@ApplicationScoped
public class ManifestPublisher {

    static final String EVENT_SOURCE = "/hetflow/data-service";

    private final Producer<String, byte[]> producer;
    private final ObjectStore store;
    private final TopicAdmin topics;

    ManifestPublisher(Producer<String, byte[]> producer, ObjectStore store, TopicAdmin topics) {
        this.producer = producer;
        this.store = store;
        this.topics = topics;
    }

    void publish(DatasetManifest manifest) {
        byte[] json = EventJson.write(manifest);
        topics.ensureCompactedTopic(Topics.DATASETS);
        CloudEvent event = CloudEvent.json(EVENT_SOURCE, EventTypes.DATASET_PUBLISHED, manifest.id(), json);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DATASETS, manifest.id(), json);
        CloudEventHeaders.write(event, record.headers());
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
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
