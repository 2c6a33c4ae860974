package dev.hetflow.experiments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./hetflow experiments [--preset small|small32|paper] [--out DIR] [--mnist DIR] [--cifar DIR]}. Ctrl-C stops after the
 * current training step and leaves the files written so far.
 */
public final class ExperimentsMain {

    private ExperimentsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        String preset = "small";
        Path out = root.resolve("experiments-out");
        Path mnist = root.resolve("../shared/data/mnist").normalize();
        Path cifar = null;
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--preset" -> preset = require(args[i], value);
                case "--out" -> out = Path.of(require(args[i], value));
                case "--mnist" -> mnist = Path.of(require(args[i], value));
                case "--cifar" -> cifar = Path.of(require(args[i], value));
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        if (!Files.isDirectory(mnist)) {
            usage("MNIST folder not found: " + mnist + " (give --mnist DIR)");
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            cancelled.set(true);
            try {
                main.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        Progress progress = new Progress(System.out);
        try {
            new Experiments(Preset.named(preset), out, mnist, cifar, progress, cancelled::get).run();
        } catch (CancellationException e) {
            // the JVM is already shutting down (Ctrl-C); the hook waits for this thread to return
            progress.line("stopped: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
        }
    }

    private static String require(String option, String value) {
        if (value == null) {
            usage(option + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("hetflow experiments: " + problem);
        System.err.println("usage: ./hetflow experiments [--preset small|small32|paper] [--out DIR] [--mnist DIR] [--cifar DIR]");
        System.exit(2);
    }
}
