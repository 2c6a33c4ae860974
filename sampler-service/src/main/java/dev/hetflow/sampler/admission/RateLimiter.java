package dev.hetflow.sampler.admission;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client: {@code rate} requests per second on average, {@code burst} at once. Buckets of idle
 * clients (full again) are forgotten when more than {@link #MAX_CLIENTS} are held, so memory stays bounded.
 */
final class RateLimiter {

    static final int MAX_CLIENTS = 10_000;

    private final double rate;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(double ratePerSecond, int burst) {
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs rate > 0 and burst >= 1, got " + ratePerSecond
                    + "/s, burst " + burst);
        }
        this.rate = ratePerSecond;
        this.burst = burst;
    }

    /** @return 0 when the request may go on, else the whole seconds after which one more will be let through */
    long take(String client, long nowNanos) {
        if (buckets.size() > MAX_CLIENTS) {
            buckets.values().removeIf(b -> b.full(nowNanos));
        }
        return buckets.computeIfAbsent(client, c -> new Bucket(burst, nowNanos)).take(nowNanos);
    }

    int clients() {
        return buckets.size();
    }

    private final class Bucket {

        private double tokens;
        private long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / rate));
        }

        synchronized boolean full(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + Math.max(0, now - last) * rate / 1e9);
            last = Math.max(last, now);
        }
    }
}
