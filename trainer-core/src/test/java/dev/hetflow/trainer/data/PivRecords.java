package dev.hetflow.trainer.data;

import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.PivSpec;
import dev.hetflow.datasets.record.TensorRecord;
import dev.hetflow.datasets.record.TensorRecordCodec;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.StreamOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Test data: small heterogeneous PIV samples produced as tensor records with the datasets codec. */
public final class PivRecords {

    private PivRecords() {
    }

    public static PivSource source(int size, long count) {
        return new PivSource(PivSpec.DEFAULT.withFlow(dev.hetflow.datasets.piv.FlowKind.UNIFORM, 2.0)
                .withSize(size, size), new StreamOptions(Split.TRAIN, count, 7, Layout.HETEROGENEOUS, Dequantization.UNIFORM));
    }

    public static String datasetId(PivSource source) {
        return DatasetManifest.idOf(source);
    }

    public static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Produces every sample of the source, keyed by index, to the topic; waits until all are acknowledged. */
    public static void produce(Producer<String, byte[]> producer, String topic, PivSource source) throws Exception {
        String id = datasetId(source);
        for (long i = 0; i < source.count(); i++) {
            TensorRecord r = TensorRecordCodec.encode(id, source.tensor(i));
            ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, r.key(), r.value());
            r.headers().forEach((k, v) -> out.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(out);
        }
        producer.flush();
    }

    /**
     * Publishes a PIV data set as the data service does: topic (2 partitions), records, and the manifest in the
     * object store; returns the data set id. Publishing the same source twice is a no-op.
     */
    public static synchronized String publish(String bootstrap, dev.hetflow.common.storage.ObjectStore store,
            Producer<String, byte[]> producer, PivSource source) throws Exception {
        String id = datasetId(source);
        String key = dev.hetflow.common.storage.ObjectLayout.datasetManifest(id);
        if (store.exists(key)) {
            return id;
        }
        String topic = dev.hetflow.common.topics.Topics.tensors(id);
        createTopic(bootstrap, topic, 2);
        produce(producer, topic, source);
        store.put(key, dev.hetflow.common.events.EventJson.write(DatasetManifest.of(source, topic)),
                "application/json");
        return id;
    }
}
