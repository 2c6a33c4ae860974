package dev.hetflow.sampler.sampling;

import dev.hetflow.sampler.config.SamplerConfig;
import dev.hetflow.sampler.registry.LoadedModel;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * Merges concurrent sampling requests for the same model version and step count into one ONNX Runtime call: a worker
 * takes the oldest request, then waits up to {@code maxDelay} for more of the same kind until {@code maxBatch} rows.
 * A request of another kind goes back to the head of the queue for the next worker.
 */
@ApplicationScoped
public class MicroBatcher {

    private static final Logger LOG = Logger.getLogger(MicroBatcher.class);

    private final LinkedBlockingDeque<Job> queue = new LinkedBlockingDeque<>();
    private final ExecutorService workers;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final LongAdder batches = new LongAdder();
    private volatile boolean running = true;

    MicroBatcher(SamplerConfig config) {
        this.maxBatch = config.maxBatch();
        this.maxDelayNanos = config.maxDelay().toNanos();
        int threads = Math.max(1, config.inferenceThreads());
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sampler-batch");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < threads; i++) {
            workers.execute(this::work);
        }
    }

    /** Queues {@code rows} latents for the model; the future completes with their samples, row-major. */
    public CompletableFuture<float[]> submit(LoadedModel model, long steps, float[] latents, int rows) {
        Job job = new Job(model, steps, latents, rows, new CompletableFuture<>());
        queue.add(job);
        return job.result();
    }

    private void work() {
        while (running) {
            try {
                List<Job> batch = nextBatch();
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<Job> nextBatch() throws InterruptedException {
        Job first = queue.take();
        List<Job> batch = new ArrayList<>();
        batch.add(first);
        int rows = first.rows();
        long deadline = System.nanoTime() + maxDelayNanos;
        while (rows < maxBatch) {
            Job next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            if (next.model() != first.model() || next.steps() != first.steps() || rows + next.rows() > maxBatch) {
                queue.offerFirst(next);
                break;
            }
            batch.add(next);
            rows += next.rows();
        }
        return batch;
    }

    /** ONNX Runtime calls made so far (each serves one or more requests). */
    public long batches() {
        return batches.sum();
    }

    private void run(List<Job> batch) {
        batches.increment();
        Job first = batch.get(0);
        LoadedModel model = first.model();
        int rows = batch.stream().mapToInt(Job::rows).sum();
        try {
            float[] x = model.sample(batch.size() == 1 ? first.latents() : concat(batch, rows * model.latentSize()),
                    rows, first.steps());
            if (batch.size() == 1) {
                first.result().complete(x);
                return;
            }
            int sample = model.sampleSize();
            int row = 0;
            for (Job job : batch) {
                float[] part = new float[job.rows() * sample];
                System.arraycopy(x, row * sample, part, 0, part.length);
                row += job.rows();
                job.result().complete(part);
            }
        } catch (Exception | Error e) {
            LOG.warnf("model %s v%d: batch of %d rows failed: %s", model.modelId(), model.version(), rows, e);
            batch.forEach(job -> job.result().completeExceptionally(e));
        }
    }

    /** The batch's latents back to back (a lone request's are used as they are). */
    private static float[] concat(List<Job> batch, int length) {
        float[] z = new float[length];
        int offset = 0;
        for (Job job : batch) {
            System.arraycopy(job.latents(), 0, z, offset, job.latents().length);
            offset += job.latents().length;
        }
        return z;
    }

    @PreDestroy
    void stop() {
        running = false;
        workers.shutdownNow();
        queue.forEach(job -> job.result().cancel(false));
    }

    private record Job(LoadedModel model, long steps, float[] latents, int rows, CompletableFuture<float[]> result) {
    }
}
