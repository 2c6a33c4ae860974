package dev.hetflow.sampler.export;

/**
 * A bulk export: N annotated samples to a Kafka topic and/or .npz shards in the object store.
 *
 * @param n           samples, 1..hetflow.sampler.max-export-samples
 * @param seed        random seed (default: drawn); shard k uses seed + k
 * @param temperature latent standard deviation (default 1)
 * @param steps       solver steps for FFJORD (default: the model's)
 * @param kafka       write each sample as a record to {@code hetflow.samples.<export-id>} (default true)
 * @param shards      write .npz shards to {@code exports/<export-id>/} (default false)
 */
public record ExportRequest(Integer n, Long seed, Double temperature, Integer steps, Boolean kafka, Boolean shards) {
}
