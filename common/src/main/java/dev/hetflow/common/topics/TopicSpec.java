package dev.hetflow.common.topics;

/**
 * A topic as it should exist on the broker.
 *
 * @param name       the topic name, dot style
 * @param partitions partition count
 * @param compacted  true for topics that keep the latest record per key (manifests, published models)
 */
public record TopicSpec(String name, int partitions, boolean compacted) {
}
