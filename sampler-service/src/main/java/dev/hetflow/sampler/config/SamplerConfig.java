package dev.hetflow.sampler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Everything the sampler reads under {@code hetflow.sampler} (env {@code HETFLOW_SAMPLER_*}), each with its default. */
@ConfigMapping(prefix = "hetflow.sampler")
public interface SamplerConfig {

    /** Most samples one request may ask for; more is a 400. */
    @WithDefault("256")
    int maxSamples();

    /** Most solver steps a request may ask for (FFJORD's Loop trip count). */
    @WithDefault("1000")
    int maxSteps();

    /** Most rows the micro-batcher merges into one ONNX Runtime call (a single larger request still runs whole). */
    @WithDefault("64")
    int maxBatch();

    /** How long the micro-batcher waits for more requests after the first before running a batch. */
    @WithDefault("PT0.002S")
    Duration maxDelay();

    /**
     * Requests waiting for the micro-batcher (each up to {@code max-samples} rows); one more gets a 429 with
     * Retry-After instead of growing memory and everyone's latency.
     */
    @WithDefault("64")
    int queueDepth();

    /**
     * Whether the sampling endpoints (samples, neighbours, fidelity, v2 infer) need {@code Authorization: Bearer
     * <hetflow.api.token>}; on in the Kubernetes manifests, off for the local demo.
     */
    @WithDefault("false")
    boolean requireToken();

    /** Sampling requests per second each client (remote address) may make on average; 0 turns the limit off. */
    @WithDefault("0")
    double rateLimit();

    /** How many sampling requests a client may make at once above {@code rate-limit} before it gets 429s. */
    @WithDefault("20")
    int rateBurst();

    /** A request still waiting for its samples after this long gets a 503 and is dropped from the queue. */
    @WithDefault("PT30S")
    Duration requestTimeout();

    /** Threads that run batches; on 2 cores, 2. */
    @WithDefault("2")
    int inferenceThreads();

    /** ONNX Runtime intra-op threads per session; one was fastest on 2 shared cores. */
    @WithDefault("1")
    int intraOpThreads();

    /** {@code auto} (CUDA where its libraries are present, else CPU), {@code cpu} or {@code cuda}. */
    @WithDefault("auto")
    String device();

    /** Versions of each model kept loaded; older ones are closed once no request uses them. */
    @WithDefault("3")
    int keepVersions();

    /** Most samples one bulk export may ask for. */
    @WithDefault("100000")
    int maxExportSamples();

    /** Folder with MNIST's IDX files (t10k-*), for the reference classifier of MNIST label fidelity; none: off. */
    Optional<String> mnistDir();

    /** Samples per .npz shard (and per ONNX Runtime call) of a bulk export. */
    @WithDefault("256")
    int exportShardSize();
}
