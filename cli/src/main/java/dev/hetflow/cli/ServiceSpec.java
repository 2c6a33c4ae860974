package dev.hetflow.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * One hetflow service as the command line runs it.
 *
 * @param name   e.g. {@code trainer-service}
 * @param port   its HTTP port on 127.0.0.1
 * @param appDir the Quarkus fast-jar folder, {@code <module>/target/quarkus-app}
 */
record ServiceSpec(String name, int port, Path appDir) {

    static List<ServiceSpec> defaults(Path root) {
        return List.of(
                new ServiceSpec("data-service", 8081, root.resolve("data-service/target/quarkus-app")),
                new ServiceSpec("trainer-service", 8082, root.resolve("trainer-service/target/quarkus-app")),
                new ServiceSpec("sampler-service", 8083, root.resolve("sampler-service/target/quarkus-app")));
    }

    /** The same services on free loopback ports, for tests beside a user's running stack. */
    static List<ServiceSpec> onFreePorts(Path root) {
        return defaults(root).stream()
                .map(s -> new ServiceSpec(s.name(), dev.hetflow.stack.FreePorts.next(), s.appDir()))
                .toList();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }
}
