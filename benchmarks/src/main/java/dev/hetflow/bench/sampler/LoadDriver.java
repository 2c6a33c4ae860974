package dev.hetflow.bench.sampler;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Closed-loop load: {@code clients} threads each send sample requests back to back for a while. */
public final class LoadDriver {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI samples;

    public LoadDriver(URI base, String modelId) {
        this.samples = base.resolve("models/" + modelId + "/samples");
    }

    /**
     * @param n        samples per request
     * @param clients  concurrent clients
     * @param warmUp   run first, not measured
     * @param duration measured
     */
    public LoadResult run(int n, int clients, Duration warmUp, Duration duration) throws InterruptedException {
        return run(n, clients, warmUp, duration, () -> { });
    }

    /** Like {@link #run(int, int, Duration, Duration)}, calling {@code measuring} between warm-up and measurement. */
    public LoadResult run(int n, int clients, Duration warmUp, Duration duration, Runnable measuring)
            throws InterruptedException {
        phase(n, clients, warmUp);
        measuring.run();
        return phase(n, clients, duration);
    }

    private LoadResult phase(int n, int clients, Duration duration) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong failures = new AtomicLong();
        List<long[]> perClient = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            List<Long> latencies = new ArrayList<>();
            int seed = c;
            Thread t = new Thread(() -> {
                try {
                    int k = 0;
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        if (send(n, seed * 1_000_000L + k++)) {
                            latencies.add(System.nanoTime() - t0);
                        } else {
                            failures.incrementAndGet();
                        }
                    }
                } finally {
                    synchronized (perClient) {
                        perClient.add(latencies.stream().mapToLong(Long::longValue).toArray());
                    }
                    done.countDown();
                }
            }, "load-" + c);
            t.setDaemon(true);
            t.start();
        }
        Thread.sleep(duration.toMillis());
        stop.set(true);
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new LoadResult(n, clients, all.length, failures.get(), all.length * (double) n / seconds,
                percentile(all, 0.50), percentile(all, 0.99));
    }

    private boolean send(int n, long seed) {
        try {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(samples)
                    .header("Content-Type", "application/json").header("Accept", "application/x-npz")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\": " + n + ", \"seed\": " + seed + "}")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static double percentile(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(q * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, i)] / 1e6;
    }

    /**
     * @param n             samples per request
     * @param clients       concurrent clients
     * @param requests      successful requests measured
     * @param failures      failed requests
     * @param samplesPerSec samples per second over the measured phase
     * @param p50Ms         median latency
     * @param p99Ms         99th percentile latency
     */
    public record LoadResult(int n, int clients, long requests, long failures, double samplesPerSec, double p50Ms,
                             double p99Ms) {
    }
}
