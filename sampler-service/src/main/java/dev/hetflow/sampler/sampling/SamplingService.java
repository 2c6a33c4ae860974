package dev.hetflow.sampler.sampling;

import dev.hetflow.sampler.config.SamplerConfig;
import dev.hetflow.sampler.observations.DatasetObservations;
import dev.hetflow.sampler.registry.LoadedModel;
import dev.hetflow.sampler.registry.ModelLease;
import dev.hetflow.sampler.registry.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Draws annotated samples: validates the request, leases the model version (held until its batch has run or was
 * dropped), queues the latents with the micro-batcher (refused when its queue is full) and decodes the labels. A caller
 * that times out cancels its request, which is then dropped before it runs.
 */
@ApplicationScoped
public class SamplingService {

    static final double MAX_TEMPERATURE = 2.0;

    private final ModelRegistry registry;
    private final MicroBatcher batcher;
    private final SamplerConfig config;
    private final ServingSteps servingSteps;

    SamplingService(ModelRegistry registry, MicroBatcher batcher, SamplerConfig config, ServingSteps servingSteps) {
        this.servingSteps = servingSteps;
        this.registry = registry;
        this.batcher = batcher;
        this.config = config;
    }

    /**
     * @throws IllegalArgumentException for a request out of bounds (a 400)
     * @throws QueueFullException       when the micro-batcher's queue is full (a 429)
     */
    public Samples sample(String modelId, Integer version, SampleRequest request) {
        return sample(modelId, version, request, config.maxSamples(), false);
    }

    /**
     * Like {@link #sample(String, Integer, SampleRequest)} with another bound on n, for bulk work (export shards, the
     * fidelity check): it waits for room in the queue, up to the request timeout, instead of being refused at once.
     */
    public Samples sample(String modelId, Integer version, SampleRequest request, int maxSamples) {
        return sample(modelId, version, request, maxSamples, true);
    }

    private Samples sample(String modelId, Integer version, SampleRequest request, int maxSamples, boolean bulk) {
        if (!bulk) {
            batcher.checkRoom();
        }
        SampleRequest r = request == null ? new SampleRequest(null, null, null, null) : request;
        int n = bounded("n", r.n(), 1, 1, maxSamples);
        double temperature = r.temperature() == null ? 1.0 : r.temperature();
        if (!(temperature > 0 && temperature <= MAX_TEMPERATURE)) {
            throw new IllegalArgumentException("temperature must be in (0, " + MAX_TEMPERATURE + "], got "
                    + temperature);
        }
        long seed = r.seed() == null ? ThreadLocalRandom.current().nextLong() : r.seed();
        ModelLease lease = registry.lease(modelId, version);
        LoadedModel model = lease.model();
        int steps;
        try {
            steps = steps(model, r.steps());
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        float[] z = Latents.gaussian(seed, n, model.latentSize(), temperature);
        float[] x = await(run(lease, steps, z, n, bulk));
        return new Samples(model.modelId(), model.version(), seed, temperature, steps, model.dataset(),
                SampleAnnotator.annotate(model.dataset(), x, n));
    }

    /** Neighbours of an observation: encoder, then uniform noise of maximum {@code noise}, then the sampler. */
    public Samples neighbours(String modelId, Integer version, NeighbourRequest request) {
        if (request == null || (request.observation() == null) == (request.datasetIndex() == null)) {
            throw new IllegalArgumentException("send either {\"observation\": [C*H*W normalized values]} or "
                    + "{\"datasetIndex\": i}, with \"noise\": 0.1..0.5");
        }
        int n = bounded("n", request.n(), 8, 1, config.maxSamples());
        double noise = request.noise() == null ? 0.1 : request.noise();
        if (!(noise >= 0 && noise <= 1)) {
            throw new IllegalArgumentException("noise must be in [0, 1] (the paper uses 0.1 .. 0.5), got " + noise);
        }
        long seed = request.seed() == null ? ThreadLocalRandom.current().nextLong() : request.seed();
        batcher.checkRoom();
        ModelLease lease = registry.lease(modelId, version);
        LoadedModel model = lease.model();
        float[] z;
        int steps;
        try {
            steps = steps(model, request.steps());
            float[] observation = request.observation() != null ? values(model, request.observation())
                    : DatasetObservations.observation(model.dataset(), request.datasetIndex());
            z = Latents.neighbours(latentOf(model, observation), n, noise, seed);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        float[] out = await(run(lease, steps, z, n, false));
        return new Samples(model.modelId(), model.version(), seed, 1.0, steps, model.dataset(),
                SampleAnnotator.annotate(model.dataset(), out, n));
    }

    /**
     * Real observations through the model and back: encoder, then the sampler at the model's default steps, no noise
     * added (the floor a model can reach on the label judges).
     *
     * @param observations {@code rows} samples of C*H*W normalized values, one after another
     * @throws IllegalArgumentException when the model has no encoder
     */
    public Samples reconstruct(String modelId, Integer version, float[] observations, int rows) {
        ModelLease lease = registry.lease(modelId, version);
        LoadedModel model = lease.model();
        float[] z;
        int steps;
        try {
            if (!model.hasEncoder()) {
                throw new IllegalArgumentException("model " + model.modelId() + " v" + model.version()
                        + " has no encoder");
            }
            steps = steps(model, null);
            z = model.encode(observations, rows);
        } catch (ai.onnxruntime.OrtException e) {
            lease.close();
            throw new IllegalStateException("the encoder failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        float[] out = await(run(lease, steps, z, rows, false));
        return new Samples(model.modelId(), model.version(), 0, 1.0, steps, model.dataset(),
                SampleAnnotator.annotate(model.dataset(), out, rows));
    }

    private static float[] latentOf(LoadedModel model, float[] x) {
        if (!model.hasEncoder()) {
            throw new IllegalArgumentException("model " + model.modelId() + " v" + model.version()
                    + " has no encoder");
        }
        try {
            return model.encode(x, 1);
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException("the encoder failed: " + e.getMessage(), e);
        }
    }

    private static float[] values(LoadedModel model, List<Float> observation) {
        if (observation.size() != model.sampleSize()) {
            throw new IllegalArgumentException("observation must hold C*H*W = " + model.sampleSize()
                    + " values for shape " + model.dataset().shape() + ", got " + observation.size());
        }
        float[] x = new float[observation.size()];
        for (int i = 0; i < x.length; i++) {
            Float v = observation.get(i);
            if (v == null || !Float.isFinite(v)) {
                throw new IllegalArgumentException("observation value " + i + " is not a finite number");
            }
            x[i] = v;
        }
        return x;
    }

    /** Refuses at once when the micro-batcher's queue is full (before a request is parsed). */
    public void checkRoom() {
        batcher.checkRoom();
    }

    /** Runs given latents (the v2 infer endpoint); the lease is released when the batch has run. */
    public float[] infer(ModelLease lease, float[] z, int rows, int steps) {
        return await(run(lease, steps, z, rows, false));
    }

    /**
     * The steps a request gets: its own within bounds, else the calibrated serving steps ({@link ServingSteps}),
     * else the model's default; 0 for graphs without a solver.
     */
    public int steps(LoadedModel model, Integer requested) {
        if (model.signature().stepsInput() == null) {
            if (requested != null) {
                throw new IllegalArgumentException("model " + model.modelId() + " (" + model.manifest().kind()
                        + ") has no solver; leave steps out");
            }
            return 0;
        }
        int fallback = servingSteps.chosen(model.modelId(), model.version()).orElse(model.signature().defaultSteps());
        return bounded("steps", requested, fallback, 1, config.maxSteps());
    }

    /** Queues the latents; the lease is released once the batcher has run or dropped them. */
    private CompletableFuture<float[]> run(ModelLease lease, int steps, float[] z, int rows, boolean bulk) {
        long deadline = System.nanoTime() + config.requestTimeout().toNanos();
        try {
            return bulk ? batcher.submitWaiting(lease.model(), steps, z, rows, deadline, lease::close)
                    : batcher.submit(lease.model(), steps, z, rows, deadline, lease::close);
        } catch (InterruptedException e) {
            lease.close();
            Thread.currentThread().interrupt();
            throw new SamplingTimeoutException("interrupted while waiting for room in the queue");
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    private float[] await(CompletableFuture<float[]> result) {
        try {
            return result.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(false); // dropped unrun if a worker has not taken it yet
            throw new SamplingTimeoutException("no samples within " + config.requestTimeout().toMillis()
                    + " ms; the sampler is overloaded, retry later");
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw new SamplingTimeoutException("interrupted while waiting for samples");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SamplingTimeoutException timeout) {
                throw new SamplingTimeoutException("no samples within " + config.requestTimeout().toMillis()
                        + " ms (" + timeout.getMessage() + "); the sampler is overloaded, retry later");
            }
            throw new IllegalStateException("sampling failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    static int bounded(String name, Integer value, int fallback, int min, int max) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + v);
        }
        return v;
    }
}
