package dev.hetflow.sylvester;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * ND4J 1.0.0-M2.1's {@code SameDiff.createGradFunction} prints one "Added differentiated op NAME" line per op to
 * {@code System.out} (hundreds per VAE graph, unconditionally, not through a logger), which buries the operator's
 * log lines. While the gradient graph is built, {@code System.out} drops exactly those lines and passes every other
 * line through, so output from other threads is not lost.
 */
final class SameDiffChatter {

    static final String PREFIX = "Added differentiated op";
    private static final Object SWAP = new Object();

    private SameDiffChatter() {
    }

    static <T> T muted(Supplier<T> work) {
        synchronized (SWAP) {
            PrintStream original = System.out;
            System.setOut(new Filter(original));
            try {
                return work.get();
            } finally {
                System.setOut(original);
            }
        }
    }

    /** Drops the chatter lines; everything else goes to the original stream. */
    private static final class Filter extends PrintStream {

        Filter(PrintStream original) {
            super(original, true);
        }

        @Override
        public void println(String line) {
            if (line == null || !line.startsWith(PREFIX)) {
                super.println(line);
            }
        }
    }
}
