package dev.hetflow.stack;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A bounded poll for tests that assert on state a service reaches asynchronously after start-up (a reload off the
 * start-up thread, a consumer joining, an event sent after a status was persisted): asserting at once passes or fails
 * with the test order and the machine's load.
 */
public final class Eventually {

    private static final Duration PAUSE = Duration.ofMillis(100);

    private Eventually() {
    }

    /**
     * Returns as soon as {@code condition} holds; throws an AssertionError naming {@code what} and the last state
     * {@code describe} reports once {@code timeout} has passed.
     */
    public static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> describe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + " not reached within " + timeout + "; last seen: " + describe.get());
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
