package dev.hetflow.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One throw-away stack per JVM, shared by every test class of a module (a stack per class would cost minutes).
 * It stops and its folder is deleted when the JVM exits.
 */
public final class SharedLocalStack {

    private static LocalStack stack;

    private SharedLocalStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            Path dir = tempDir();
            LocalStack started = LocalStack.start(LocalStackSettings.ephemeral(dir));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                deleteRecursively(dir);
            }, "local-stack-shutdown"));
            stack = started;
        }
        return stack;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("hetflow-stack-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort on exit
        }
    }
}
