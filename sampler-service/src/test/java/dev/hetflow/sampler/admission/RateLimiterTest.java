package dev.hetflow.sampler.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstPassesThenTheRateHoldsPerClient() {
        RateLimiter limiter = new RateLimiter(2, 3);
        long t = 5 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.take("a", t), "burst request " + i);
        }
        // the fourth at the same instant waits for half a second's refill: 1 whole second after rounding up
        assertEquals(1, limiter.take("a", t));
        // another client has its own bucket
        assertEquals(0, limiter.take("b", t));
        // 2 per second: after 0.5 s one more passes, the next does not
        assertEquals(0, limiter.take("a", t + SECOND / 2));
        assertEquals(1, limiter.take("a", t + SECOND / 2));
        // a long pause refills to the burst, not beyond
        long later = t + 100 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.take("a", later));
        }
        assertTrue(limiter.take("a", later) > 0);
    }

    @Test
    void slowRatesAnnounceLongerWaits() {
        RateLimiter limiter = new RateLimiter(0.1, 1);
        assertEquals(0, limiter.take("a", 0));
        assertEquals(10, limiter.take("a", 0));
        assertEquals(5, limiter.take("a", 5 * SECOND));
    }

    @Test
    void idleClientsAreForgottenBeyondTheCap() {
        RateLimiter limiter = new RateLimiter(1, 1);
        for (int i = 0; i <= RateLimiter.MAX_CLIENTS; i++) {
            limiter.take("client-" + i, 0);
        }
        // a minute later every bucket is full again, so all are dropped before the next one is made
        limiter.take("late", 60 * SECOND);
        assertEquals(1, limiter.clients());
    }
}
