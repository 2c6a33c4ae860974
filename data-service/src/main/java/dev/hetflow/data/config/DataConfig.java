package dev.hetflow.data.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The data-service's own settings, under {@code hetflow.data}. */
@ConfigMapping(prefix = "hetflow.data")
public interface DataConfig {

    /** Folder that holds the source data sets; a request's {@code folder} is resolved inside it. */
    @WithDefault("/data")
    String root();

    /** MNIST's folder under the root when a request names none. */
    @WithDefault("mnist")
    String mnistFolder();

    /** CIFAR-10's folder under the root when a request names none. */
    @WithDefault("cifar-10-batches-bin")
    String cifar10Folder();

    /** Partitions of a new tensor topic: consumers of one data set can read in parallel up to this many. */
    @WithDefault("6")
    int tensorPartitions();

    /** Streams that may run at once; further requests wait in a queue. */
    @WithDefault("2")
    int concurrentStreams();

    /** Threads generating synthetic (PIV) samples for one stream; set it to the pod's CPUs. */
    @WithDefault("2")
    int generatorThreads();

    Producer producer();

    TopicSettings topics();

    /**
     * How the run-time topics (tensor topics, created per data set) are created. The defaults suit any cluster: the
     * broker's default replication factor and min.insync.replicas, and records kept for ever, since a data set's
     * manifest says complete as long as it exists (a stock broker's 7-day retention would empty the topic behind it).
     */
    interface TopicSettings {
        /** -1: the broker's {@code default.replication.factor}; set 3 on a three-broker cluster. */
        @WithDefault("-1")
        short replicationFactor();

        /** Unset: the broker's default; with acks=all, writes need this many in-sync replicas. */
        java.util.Optional<Integer> minInsyncReplicas();

        /** {@code retention.ms} of tensor topics; -1 keeps them as long as the data set exists. */
        @WithDefault("-1")
        long tensorRetentionMs();
    }

    /** The tensor producer, tuned for throughput. */
    interface Producer {

        /** Bytes per partition batch: 32 records of a 4x32x32 float32 tensor (16.5 KB). */
        @WithDefault("524288")
        int batchSize();

        /** Wait this long for a batch to fill. */
        @WithDefault("10")
        int lingerMs();

        /** lz4: cheap on the CPU, and the constant label channels shrink to almost nothing. */
        @WithDefault("lz4")
        String compression();

        @WithDefault("67108864")
        long bufferMemory();

        /** Bytes per produce request: batches of all partitions of a broker travel together. */
        @WithDefault("4194304")
        int maxRequestSize();

        /** A record not acknowledged within this time fails the stream instead of retrying for ever. */
        @WithDefault("60000")
        int deliveryTimeoutMs();

        /** all (with idempotence): a completed stream has every record, once. */
        @WithDefault("all")
        String acks();
    }
}
