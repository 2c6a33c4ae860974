package dev.hetflow.cli;

import dev.hetflow.stack.LocalStack;
import dev.hetflow.stack.LocalStackMain;
import dev.hetflow.stack.LocalStackSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code ./hetflow up}: the local stack and the three services in the foreground, until Ctrl-C. */
final class UpCommand {

    private static final Duration SERVICE_START = Duration.ofSeconds(180);

    private UpCommand() {
    }

    /** Starts everything on the user's fixed ports; the returned handle stops the services first, then the stack. */
    static Running start(Path root, Path home) throws InterruptedException {
        return start(LocalStackMain.userSettings(), ServiceSpec.defaults(root), home);
    }

    /** The same on free ports with a throw-away stack under {@code home}, for tests. */
    static Running startEphemeral(Path root, Path home) throws InterruptedException {
        return start(LocalStackSettings.ephemeral(home.resolve("stack")), ServiceSpec.onFreePorts(root), home);
    }

    private static Running start(LocalStackSettings settings, List<ServiceSpec> specs, Path home)
            throws InterruptedException {
        String token = ApiToken.resolve(home);
        System.out.println("starting the local stack in " + settings.dataDir() + " ...");
        LocalStack stack = LocalStack.start(settings);
        Running running = new Running(stack);
        try {
            for (ServiceSpec spec : specs) {
                System.out.println("starting " + spec.name() + " on " + spec.baseUrl() + " ...");
                running.services.add(ServiceProcess.start(spec, settings, token, home.resolve("logs")));
            }
            for (ServiceProcess service : running.services) {
                service.awaitReady(SERVICE_START);
                System.out.printf("%-16s %s   (pid %d, log %s)%n", service.spec().name(), service.spec().baseUrl(),
                        service.pid(), service.logFile());
            }
        } catch (RuntimeException | InterruptedException e) {
            running.close();
            throw e;
        }
        System.out.println("Kafka            " + settings.kafkaBootstrap());
        System.out.println("S3               " + settings.s3Endpoint() + " (bucket " + settings.bucket() + ")");
        System.out.println("API token        " + ApiToken.source(home));
        return running;
    }

    static void run(Path root, Path home) throws InterruptedException {
        Running running = start(root, home);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping ...");
            running.close();
            System.out.println("stopped.");
            stopped.countDown();
        }, "hetflow-stop"));
        System.out.println("ready. Ctrl-C stops everything.");
        stopped.await();
    }

    /** The stack and the services that were started, stopped in reverse order. */
    static final class Running implements AutoCloseable {

        private final LocalStack stack;
        private final List<ServiceProcess> services = new ArrayList<>();

        private Running(LocalStack stack) {
            this.stack = stack;
        }

        LocalStack stack() {
            return stack;
        }

        List<ServiceProcess> services() {
            return Collections.unmodifiableList(services);
        }

        /** The base URL of the running service named {@code name}. */
        String url(String name) {
            return services.stream().filter(s -> s.spec().name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no running service " + name))
                    .spec().baseUrl();
        }

        @Override
        public void close() {
            List<ServiceProcess> reversed = new ArrayList<>(services);
            Collections.reverse(reversed);
            reversed.forEach(ServiceProcess::close);
            stack.close();
        }
    }
}
