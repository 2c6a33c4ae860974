package dev.hetflow.stack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./hetflow stack} as a user runs it: no process may outlive it, neither on Ctrl-C nor on kill -9. */
class StackProcessLifecycleTest {

    private static final Pattern PID = Pattern.compile("pid (\\d+)");

    @Test
    void aGracefulStopLeavesNoChildBehindAndARestartReusesTheData(@TempDir Path home) throws Exception {
        Process main = startUserStack(home);
        List<Long> children = awaitReadyAndCollectChildPids(main);
        main.destroy(); // SIGTERM runs the same shutdown hook as Ctrl-C's SIGINT
        assertTrue(main.waitFor(60, TimeUnit.SECONDS), "the stack stops within 60 s");
        assertAllGone(children, 5);
        Path meta = home.resolve("stack/kafka/data/meta.properties");
        assertTrue(Files.exists(meta), "broker data survives the stop");
        String clusterBefore = Files.readString(meta);
        assertTrue(Files.exists(home.resolve("stack/credentials.properties")), "keys made once are kept");

        Process again = startUserStack(home);
        List<Long> restarted = awaitReadyAndCollectChildPids(again);
        assertTrue(Files.readString(meta).equals(clusterBefore), "the restart reuses the same cluster, not a new one");
        again.destroy();
        assertTrue(again.waitFor(60, TimeUnit.SECONDS));
        assertAllGone(restarted, 5);
    }

    @Test
    void killingTheParentWithSigkillTakesTheChildrenDown(@TempDir Path home) throws Exception {
        Process main = startUserStack(home);
        List<Long> children = awaitReadyAndCollectChildPids(main);
        main.destroyForcibly(); // SIGKILL: no shutdown hook runs; the children must notice by themselves
        main.waitFor(10, TimeUnit.SECONDS);
        assertAllGone(children, 30);
    }

    private static Process startUserStack(Path home) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalStackMain.class.getName())
                .redirectErrorStream(true);
        builder.environment().put("HETFLOW_HOME", home.toString());
        builder.environment().put("HETFLOW_KAFKA_PORT", Integer.toString(FreePorts.next()));
        builder.environment().put("HETFLOW_KAFKA_CONTROLLER_PORT", Integer.toString(FreePorts.next()));
        builder.environment().put("HETFLOW_S3_PORT", Integer.toString(FreePorts.next()));
        builder.environment().remove("HETFLOW_S3_ACCESS_KEY");
        builder.environment().remove("HETFLOW_S3_SECRET_KEY");
        return builder.start();
    }

    private static List<Long> awaitReadyAndCollectChildPids(Process main) throws IOException {
        List<Long> pids = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        BufferedReader out = new BufferedReader(new InputStreamReader(main.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            output.append(line).append('\n');
            Matcher pid = PID.matcher(line);
            if (pid.find()) {
                pids.add(Long.parseLong(pid.group(1)));
            }
            if (line.startsWith("ready.")) {
                assertTrue(output.toString().contains("Kafka  127.0.0.1:"), output.toString());
                assertTrue(output.toString().contains("S3     http://127.0.0.1:"), output.toString());
                assertFalse(pids.isEmpty());
                pids.forEach(p -> assertTrue(ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));
                // keep draining the output so the parent never blocks on a full pipe
                Thread drain = new Thread(() -> {
                    try {
                        out.lines().forEach(l -> { });
                    } catch (java.io.UncheckedIOException closed) {
                        // the process was stopped: nothing more to drain
                    }
                }, "drain");
                drain.setDaemon(true);
                drain.start();
                return pids;
            }
        }
        fail("the stack exited before it was ready:\n" + output);
        return pids;
    }

    private static void assertAllGone(List<Long> pids, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (pids.stream().noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false))) {
                return;
            }
            Thread.sleep(200);
        }
        fail("child processes still alive after " + seconds + " s: " + pids);
    }
}
