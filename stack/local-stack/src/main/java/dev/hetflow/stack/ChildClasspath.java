package dev.hetflow.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classpath of a child JVM: the jars listed in {@code META-INF/hetflow/<name>.classpath} (written by the
 * {@code stack/<name>} module at build time), plus this module's own code for {@link ChildMain}.
 */
final class ChildClasspath {

    private ChildClasspath() {
    }

    static String of(String runtimeName) {
        String resource = "META-INF/hetflow/" + runtimeName + ".classpath";
        List<String> entries = new ArrayList<>();
        entries.add(ownCodeLocation().toString());
        try (InputStream in = ChildClasspath.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath; build the stack/" + runtimeName
                        + " module first (mvn install)");
            }
            for (String jar : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(java.io.File.pathSeparator)) {
                if (!Files.exists(Path.of(jar))) {
                    throw new IllegalStateException("missing jar of the " + runtimeName + " child JVM: " + jar
                            + "; rebuild stack/" + runtimeName + " so that Maven downloads it");
                }
                entries.add(jar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    static Path ownCodeLocation() {
        try {
            return Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
