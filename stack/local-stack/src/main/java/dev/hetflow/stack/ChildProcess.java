package dev.hetflow.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child JVM whose output goes to a log file and which dies with its parent (see {@link ChildMain}). */
public final class ChildProcess implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChildProcess.class.getName());

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    static ChildProcess start(String name, String classpath, List<String> jvmOptions, String mainClass,
                              List<String> args, Path logFile) {
        return start(name, classpath, jvmOptions, mainClass, args, logFile, java.util.Map.of());
    }

    /**
     * Starts {@code mainClass} in a child JVM under {@link ChildMain}, which is added to {@code classpath}.
     *
     * @param environment variables added to this JVM's environment for the child
     */
    public static ChildProcess startWithWatchdog(String name, String classpath, List<String> jvmOptions,
                                                 String mainClass, List<String> args, Path logFile,
                                                 java.util.Map<String, String> environment) {
        return start(name, ChildClasspath.ownCodeLocation() + java.io.File.pathSeparator + classpath, jvmOptions,
                mainClass, args, logFile, environment);
    }

    private static ChildProcess start(String name, String classpath, List<String> jvmOptions, String mainClass,
                                      List<String> args, Path logFile, java.util.Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(ChildMain.class.getName());
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        // stdin stays a pipe held by this JVM: its end-of-file is the child's signal that the parent is gone
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        try {
            java.nio.file.Files.createDirectories(logFile.toAbsolutePath().getParent());
            Process process = builder.start();
            LOG.log(System.Logger.Level.DEBUG, "started {0} (pid {1}), log {2}", name, process.pid(), logFile);
            return new ChildProcess(name, process, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name + " child JVM", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** Waits for a short-lived child (a tool run) and fails with its log's location when it does not exit 0. */
    void awaitSuccess(long timeoutSeconds) {
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                close();
                throw new IllegalStateException(name + " did not finish in " + timeoutSeconds + " s; see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + logFile);
        }
    }

    /** SIGTERM for a graceful stop, then SIGKILL when the child does not stop within 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "{0} did not stop in 20 s, killing it", name);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
