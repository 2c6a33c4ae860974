package dev.hetflow.stack.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * What a running service really reads, as deployment files must match it.
 *
 * @param knownEnvNames every configuration property the service knows, as its environment variable name
 * @param httpPort      quarkus.http.port of the prod profile (tests listen on a random port instead)
 * @param livenessPath  the liveness endpoint, e.g. /q/health/live
 * @param readinessPath the readiness endpoint, e.g. /q/health/ready
 */
public record ServiceContract(Set<String> knownEnvNames, int httpPort, String livenessPath, String readinessPath) {

    /** Environment variables that are not Quarkus configuration but are read by the runtime: allowed everywhere. */
    public static final Set<String> NON_CONFIG_ENV = Set.of(
            "OMP_NUM_THREADS",       // OpenMP threads of ND4J's native code
            "OPENBLAS_NUM_THREADS",  // OpenBLAS threads
            "JAVA_OPTS_APPEND");     // JVM options, read by the images' start scripts

    /** What every service needs from its deployment: Kafka, the object store and the API token (no defaults). */
    public static final Set<String> REQUIRED_ENV = Set.of("KAFKA_BOOTSTRAP_SERVERS", "HETFLOW_S3_ENDPOINT",
            "HETFLOW_S3_ACCESS_KEY", "HETFLOW_S3_SECRET_KEY", "HETFLOW_API_TOKEN");

    /** Variables that must come from a Secret, never from a literal or a ConfigMap. */
    public static final Set<String> SECRET_ENV = Set.of("HETFLOW_S3_ACCESS_KEY", "HETFLOW_S3_SECRET_KEY",
            "HETFLOW_API_TOKEN");

    private static final int QUARKUS_DEFAULT_HTTP_PORT = 8080;

    /** Config sources that list the test machine, not the service: env vars, JVM properties, test URLs. */
    private static final Set<String> MACHINE_SOURCES = Set.of("EnvConfigSource", "SysPropConfigSource",
            "test URL provider");

    /** The contract of the service running in this JVM (call it from a {@code @QuarkusTest}). */
    public static ServiceContract ofRunningService() {
        Config config = ConfigProvider.getConfig();
        Set<String> env = new TreeSet<>();
        for (ConfigSource source : config.getConfigSources()) {
            if (MACHINE_SOURCES.contains(source.getName())) {
                continue; // the test JVM's own environment and system properties are not what the service knows
            }
            for (String property : source.getPropertyNames()) {
                env.add(envName(withoutProfile(property)));
            }
        }
        String root = "/" + config.getOptionalValue("quarkus.http.non-application-root-path", String.class).orElse("q");
        String health = join(root, config.getOptionalValue("quarkus.smallrye-health.root-path", String.class)
                .orElse("health"));
        String live = join(health, config.getOptionalValue("quarkus.smallrye-health.liveness-path", String.class)
                .orElse("live"));
        String ready = join(health, config.getOptionalValue("quarkus.smallrye-health.readiness-path", String.class)
                .orElse("ready"));
        return new ServiceContract(Set.copyOf(env), prodHttpPort(), live, ready);
    }

    /** The environment variable SmallRye Config maps to a property: upper case, each non-alphanumeric char '_'. */
    public static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** True when the running service reads this variable, or it is one of {@link #NON_CONFIG_ENV}. */
    public boolean reads(String envName) {
        return knownEnvNames.contains(envName) || NON_CONFIG_ENV.contains(envName);
    }

    /** quarkus.http.port as the prod profile sees it in the service's application.properties. */
    static int prodHttpPort() {
        Properties props = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("application.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String port = props.getProperty("%prod.quarkus.http.port", props.getProperty("quarkus.http.port"));
        return port == null ? QUARKUS_DEFAULT_HTTP_PORT : Integer.parseInt(port.trim());
    }

    private static String withoutProfile(String property) {
        return property.startsWith("%") && property.indexOf('.') > 0
                ? property.substring(property.indexOf('.') + 1) : property;
    }

    private static String join(String base, String path) {
        return path.startsWith("/") ? path : base + "/" + path;
    }
}
