package dev.hetflow.sampler.sampling;

import dev.hetflow.sampler.config.SamplerConfig;
import dev.hetflow.sampler.registry.LoadedModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * Merges concurrent sampling requests for the same model version and step count into one ONNX Runtime call: a worker
 * takes the oldest request, then waits up to {@code maxDelay} for more of the same kind until {@code maxBatch} rows.
 * A request of another kind goes back to the head of the queue for the next worker.
 *
 * <p>Admission: at most {@code queue-depth} requests wait (a permit each, returned when the request leaves the
 * queue); one more is refused ({@link QueueFullException}) or, for bulk work, waits for room. A request whose caller
 * gave up (its future cancelled) or whose deadline passed is dropped when a worker reaches it, before it runs.
 */
@ApplicationScoped
public class MicroBatcher {

    private static final Logger LOG = Logger.getLogger(MicroBatcher.class);

    private final LinkedBlockingDeque<Job> queue = new LinkedBlockingDeque<>();
    private final Semaphore room;
    private final int depth;
    private final ExecutorService workers;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final LongAdder batches = new LongAdder();
    private final Counter rejected;
    private final Counter dropped;
    private final Counter samples;
    private final DistributionSummary batchRows;
    private volatile boolean running = true;

    MicroBatcher(SamplerConfig config, MeterRegistry meters) {
        this.maxBatch = config.maxBatch();
        this.maxDelayNanos = config.maxDelay().toNanos();
        this.depth = Math.max(1, config.queueDepth());
        this.room = new Semaphore(depth, true);
        Gauge.builder("hetflow.sampler.queue.depth", this, MicroBatcher::queued)
                .description("requests waiting for the micro-batcher").register(meters);
        Gauge.builder("hetflow.sampler.queue.capacity", () -> depth).register(meters);
        this.rejected = Counter.builder("hetflow.sampler.queue.rejected")
                .description("requests refused with 429 because the queue was full").register(meters);
        this.dropped = Counter.builder("hetflow.sampler.queue.dropped")
                .description("requests dropped before running: their caller timed out").register(meters);
        this.samples = Counter.builder("hetflow.sampler.samples")
                .description("rows run through the sampler graph (rate: samples/s)").register(meters);
        this.batchRows = DistributionSummary.builder("hetflow.sampler.batch.rows")
                .description("rows per ONNX Runtime call").publishPercentileHistogram().register(meters);
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

    /**
     * Queues {@code rows} latents for the model, or refuses them when {@code queue-depth} requests wait already.
     * The future completes with their samples, row-major; cancelling it drops the request if it has not run yet.
     *
     * @param deadlineNanos {@link System#nanoTime()} after which the request is dropped unrun
     * @param release       runs once when the request has run or was dropped (not when its future is cancelled
     *                      while it runs): the caller's model lease, so sessions never close under a batch
     * @throws QueueFullException when the queue is full
     */
    public CompletableFuture<float[]> submit(LoadedModel model, long steps, float[] latents, int rows,
                                             long deadlineNanos, Runnable release) {
        if (!room.tryAcquire()) {
            rejected.increment();
            throw new QueueFullException("the sampler's queue holds " + depth + " requests; retry later");
        }
        return enqueue(model, steps, latents, rows, deadlineNanos, release);
    }

    /**
     * Like {@link #submit} but waits for room until the deadline (bulk exports, which have no client to retry).
     *
     * @throws QueueFullException when no room was free before the deadline
     */
    public CompletableFuture<float[]> submitWaiting(LoadedModel model, long steps, float[] latents, int rows,
                                                    long deadlineNanos, Runnable release)
            throws InterruptedException {
        if (!room.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            rejected.increment();
            throw new QueueFullException("the sampler's queue stayed full (" + depth + " requests); retry later");
        }
        return enqueue(model, steps, latents, rows, deadlineNanos, release);
    }

    private CompletableFuture<float[]> enqueue(LoadedModel model, long steps, float[] latents, int rows,
                                               long deadlineNanos, Runnable release) {
        Job job = new Job(model, steps, latents, rows, deadlineNanos, new CompletableFuture<>(), release);
        queue.add(job);
        return job.result();
    }

    /**
     * Refuses at once when the queue is full, before the caller spends work on latents (a hint: {@link #submit}
     * decides).
     *
     * @throws QueueFullException when {@code queue-depth} requests wait
     */
    public void checkRoom() {
        if (room.availablePermits() == 0) {
            rejected.increment();
            throw new QueueFullException("the sampler's queue holds " + depth + " requests; retry later");
        }
    }

    /** Requests waiting now. */
    public int queued() {
        return depth - room.availablePermits();
    }

    private void work() {
        while (running) {
            try {
                List<Job> batch = nextBatch();
                if (!batch.isEmpty()) {
                    run(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<Job> nextBatch() throws InterruptedException {
        List<Job> batch = new ArrayList<>();
        Job first = takeLive(queue.take());
        if (first == null) {
            return batch;
        }
        batch.add(first);
        int rows = first.rows();
        long deadline = System.nanoTime() + maxDelayNanos;
        while (rows < maxBatch) {
            Job next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            if (next.model() != first.model() || next.steps() != first.steps() || rows + next.rows() > maxBatch) {
                queue.offerFirst(next); // still queued: keeps its permit
                break;
            }
            if (takeLive(next) != null) {
                batch.add(next);
                rows += next.rows();
            }
        }
        return batch;
    }

    /** Takes a job off the queue (its permit returns); null when its caller is gone and it was dropped. */
    private Job takeLive(Job job) {
        room.release();
        if (job.result().isDone()) {
            dropped.increment();
            job.release().run();
            return null;
        }
        if (System.nanoTime() - job.deadlineNanos() > 0) {
            dropped.increment();
            job.result().completeExceptionally(new SamplingTimeoutException("dropped unrun: its deadline passed"));
            job.release().run();
            return null;
        }
        return job;
    }

    /** ONNX Runtime calls made so far (each serves one or more requests). */
    public long batches() {
        return batches.sum();
    }

    private void run(List<Job> taken) {
        // a caller may have timed out while the batch filled: its rows are left out
        List<Job> batch = taken.stream().filter(job -> !job.result().isDone()).toList();
        taken.stream().filter(job -> job.result().isDone()).forEach(job -> {
            dropped.increment();
            job.release().run();
        });
        if (batch.isEmpty()) {
            return;
        }
        try {
            runAll(batch);
        } finally {
            batch.forEach(job -> job.release().run());
        }
    }

    private void runAll(List<Job> batch) {
        batches.increment();
        Job first = batch.get(0);
        LoadedModel model = first.model();
        int rows = batch.stream().mapToInt(Job::rows).sum();
        batchRows.record(rows);
        try {
            float[] x = model.sample(batch.size() == 1 ? first.latents() : concat(batch, rows * model.latentSize()),
                    rows, first.steps());
            samples.increment(rows);
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
        queue.forEach(job -> {
            job.result().cancel(false);
            job.release().run();
        });
    }

    private record Job(LoadedModel model, long steps, float[] latents, int rows, long deadlineNanos,
                       CompletableFuture<float[]> result, Runnable release) {
    }
}
