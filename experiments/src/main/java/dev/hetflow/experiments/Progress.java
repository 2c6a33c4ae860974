package dev.hetflow.experiments;

import java.io.PrintStream;
import java.util.Locale;

/** One line per event for the operator, prefixed with the seconds since the run started. */
public final class Progress {

    private final PrintStream out;
    private final long started = System.nanoTime();

    public Progress(PrintStream out) {
        this.out = out;
    }

    public void line(String message) {
        out.println(String.format(Locale.ROOT, "[%7.1fs] %s", (System.nanoTime() - started) / 1e9, message));
        out.flush();
    }
}
