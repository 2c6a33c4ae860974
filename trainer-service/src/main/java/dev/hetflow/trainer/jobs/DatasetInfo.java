package dev.hetflow.trainer.jobs;

import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.tensor.Redequantizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.trainer.model.SampleShape;

/**
 * The parts of a data set's manifest ({@code datasets/<id>/manifest.json}, written by the data service) the trainer
 * needs: the topic and the channel layout (image channels first, then label channels).
 *
 * @param manifest the manifest as JSON, copied into every model manifest
 * @param topic    the tensor topic
 * @param shape    the full sample shape of the records
 */
record DatasetInfo(JsonNode manifest, String topic, SampleShape shape) {

    static DatasetInfo load(ObjectStore store, String datasetId) {
        String key = ObjectLayout.datasetManifest(datasetId);
        if (!store.exists(key)) {
            throw new IllegalArgumentException("unknown data set " + datasetId + ": no " + key);
        }
        JsonNode m;
        try {
            m = EventJson.mapper().readTree(store.get(key));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("data set " + datasetId + " has an unreadable manifest: " + e);
        }
        int images = 0;
        int labels = 0;
        for (JsonNode c : m.path("channels")) {
            if ("label".equals(c.path("kind").asText())) {
                labels++;
            } else {
                if (labels > 0) {
                    throw new IllegalArgumentException("data set " + datasetId + " has image channels after label "
                            + "channels; the trainer expects images first");
                }
                images++;
            }
        }
        JsonNode shape = m.path("shape");
        if (shape.size() != 3 || shape.get(0).asInt() != images + labels) {
            throw new IllegalArgumentException("data set " + datasetId + " manifest has shape " + shape + " and "
                    + (images + labels) + " channels");
        }
        return new DatasetInfo(m, m.path("topic").asText(), new SampleShape(images, labels, shape.get(1).asInt(),
                shape.get(2).asInt()));
    }

    /** Redraws the records' dequantization noise per training batch, as the manifest's channels and options say. */
    Redequantizer freshNoise() {
        try {
            return Redequantizer.of(EventJson.mapper().treeToValue(manifest, DatasetManifest.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("data set manifest " + topic + " does not describe its channels: "
                    + e.getMessage(), e);
        }
    }

    /** The shape the model trains on: all channels, or the image channels alone for a homogeneous job. */
    SampleShape trainedShape(String layout) {
        if (JobSpec.HOMOGENEOUS.equals(layout)) {
            if (shape.imageChannels() == 0) {
                throw new IllegalArgumentException("a homogeneous job needs image channels; the data set has none");
            }
            return new SampleShape(shape.imageChannels(), 0, shape.height(), shape.width());
        }
        return shape;
    }
}
