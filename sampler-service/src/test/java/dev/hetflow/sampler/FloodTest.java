package dev.hetflow.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.sampler.config.SamplerConfig;
import dev.hetflow.sampler.sampling.MicroBatcher;
import dev.hetflow.stack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Admission control under a flood, on loopback: 500 requests of the largest allowed size at once against a queue of
 * 64. Every answer is 200 or 429 (with Retry-After), never a 5xx; the queue never holds more than its depth; the p99
 * latency of the answered requests stays within 2x its value at the load the queue is sized for (64 at once): a
 * request is admitted or refused on the event loop, so an admitted one waits behind at most 63 others; the heap
 * returns to where it was.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, restrictToAnnotatedClass = false)
class FloodTest {

    private static final int FLOOD = 500;
    private static final int ROUNDS = 3;

    @Inject
    ObjectStore store;

    @Inject
    MicroBatcher batcher;

    @Inject
    SamplerConfig config;

    @Inject
    MeterRegistry meters;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aFloodGets429sWhileAnsweredRequestsKeepTheirLatency() throws Exception {
        assertEquals(64, config.queueDepth());
        String model = "flood-" + UUID.randomUUID().toString().substring(0, 8);
        // a 4,096-value latent onto the 72-value digits layout: ~75 M multiply-adds per 256-row request, so that the
        // graph, not the HTTP layer, is what a request waits for
        TestModels.publish(store, model, 1, TestModels.DIGITS, List.of(64, 8, 8), false);
        Await.latest(model, 1);
        String body = "{\"n\": " + config.maxSamples() + "}";
        ExecutorService io = Executors.newFixedThreadPool(4);
        HttpClient client = HttpClient.newBuilder().executor(io).build();
        try {
            burst(client, model, body, 16); // warm-up: sessions, JIT, connections
            List<Long> quiet = new ArrayList<>();
            double[] quietStart = serverHistogram(model);
            for (int round = 0; round < ROUNDS; round++) {
                Thread.sleep(500); // the previous burst's permits are back once its responses have ended
                for (Answer a : burst(client, model, body, config.queueDepth())) {
                    assertEquals(200, a.status(), "at the queue's depth nothing is refused: " + a.body());
                    quiet.add(a.nanos());
                }
            }
            // open the flood's connections beforehand (cheap reads keep them alive in the client's pool), so that the
            // measured latency is the server's, not the client setting up 500 sockets on a loaded machine
            warmConnections(client, model, FLOOD);
            double[] quietEnd = serverHistogram(model);
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            AtomicInteger deepest = new AtomicInteger();
            AtomicBoolean flooding = new AtomicBoolean(true);
            Thread watch = new Thread(() -> {
                while (flooding.get()) {
                    deepest.accumulateAndGet(batcher.queued(), Math::max);
                    Thread.onSpinWait();
                }
            });
            watch.start();
            List<Answer> flood;
            try {
                flood = burst(client, model, body, FLOOD);
            } finally {
                flooding.set(false);
                watch.join();
            }
            List<Long> answered = new ArrayList<>();
            int refused = 0;
            for (Answer a : flood) {
                assertTrue(a.status() == 200 || a.status() == 429, "only 200 or 429, got " + a.status() + ": "
                        + a.body());
                if (a.status() == 429) {
                    refused++;
                    assertEquals("1", a.retryAfter(), "a 429 says when to retry");
                } else {
                    answered.add(a.nanos());
                }
            }
            System.gc();
            long heapAfter = memory.getHeapMemoryUsage().getUsed();
            double[] floodEnd = serverHistogram(model);
            // the server's latency (from the moment it reads a request to its response's end): what admission
            // control governs. Client-side figures also count requests still unread in socket buffers while the
            // event loop refuses the flood, which no server-side policy can shorten.
            double quietP99 = p99(quietStart, quietEnd);
            double floodP99 = p99(quietEnd, floodEnd);
            System.out.printf(Locale.ROOT, "client-side p99: %.1f ms flood vs %.1f ms at depth %d%n",
                    p99(answered) / 1e6, p99(quiet) / 1e6, config.queueDepth());
            System.out.printf(Locale.ROOT, "flood: %d answered, %d refused (429); p99 %.1f ms vs %.1f ms at depth %d;"
                    + " deepest queue %d; heap %+.1f MB after GC%n", answered.size(), refused, floodP99 / 1e6,
                    quietP99 / 1e6, config.queueDepth(), deepest.get(), (heapAfter - heapBefore) / 1e6);
            assertTrue(refused > 0, "a flood of " + FLOOD + " against a queue of 64 is partly refused");
            assertTrue(answered.size() >= config.queueDepth(), "at least a queue's worth answered: "
                    + answered.size());
            assertTrue(deepest.get() <= config.queueDepth(), "the queue held " + deepest.get());
            assertTrue(floodP99 <= 2 * quietP99, String.format(Locale.ROOT,
                    "p99 of answered requests %.1f ms within 2x of %.1f ms", floodP99 / 1e6, quietP99 / 1e6));
            // nothing of the flood is kept: the heap after a GC is where it was (64 MB covers GC noise)
            assertTrue(heapAfter - heapBefore < 64L << 20, "heap grew by " + (heapAfter - heapBefore) + " bytes");
        } finally {
            io.shutdownNow();
        }
    }

    private record Answer(int status, long nanos, String retryAfter, String body) {
    }

    /** {@code count} requests sent at once; each answer with its latency. */
    private List<Answer> burst(HttpClient client, String model, String body, int count) {
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // .npz answers: the samples in binary, so that JSON writing does not dominate the latency
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "models/" + model + "/samples"))
                    .header("Content-Type", "application/json").header("Accept", "application/x-npz")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long start = System.nanoTime();
            answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> new Answer(
                    r.statusCode(), System.nanoTime() - start, r.headers().firstValue("Retry-After").orElse(null),
                    r.statusCode() == 200 ? "" : new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))));
        }
        return answers.stream().map(CompletableFuture::join).toList();
    }

    private void warmConnections(HttpClient client, String model, int count) {
        List<CompletableFuture<HttpResponse<Void>>> reads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            reads.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "models/" + model)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        reads.forEach(CompletableFuture::join);
    }

    /** Cumulative counts of the server's latency histogram of 200s on the samples endpoint, by bucket bound. */
    private double[] serverHistogram(String model) {
        Timer timer = meters.find("http.server.requests").tag("uri", "/models/{model}/samples")
                .tag("status", "200").timer();
        if (timer == null) {
            return new double[0];
        }
        CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
        double[] counts = new double[buckets.length * 2];
        for (int i = 0; i < buckets.length; i++) {
            counts[2 * i] = buckets[i].bucket(TimeUnit.NANOSECONDS);
            counts[2 * i + 1] = buckets[i].count();
        }
        return counts;
    }

    /** The upper bound of the bucket holding the 99th percentile of the requests between two snapshots, in ns. */
    private static double p99(double[] before, double[] after) {
        int n = after.length / 2;
        double total = after[2 * n - 1] - (before.length == 0 ? 0 : before[before.length - 1]);
        for (int i = 0; i < n; i++) {
            double count = after[2 * i + 1] - (before.length == 0 ? 0 : before[2 * i + 1]);
            if (count >= 0.99 * total) {
                return after[2 * i];
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static double p99(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
    }
}
