package dev.hetflow.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./hetflow stack}: runs the local stack in the foreground on fixed ports until Ctrl-C.
 *
 * <p>Environment: {@code HETFLOW_HOME} (data folder, default {@code .hetflow} in the working directory),
 * {@code HETFLOW_KAFKA_PORT}, {@code HETFLOW_S3_PORT}, {@code HETFLOW_S3_ACCESS_KEY}, {@code HETFLOW_S3_SECRET_KEY}.
 * Without the keys, random ones are made once and kept in {@code <data>/stack/credentials.properties} (mode 600).
 */
public final class LocalStackMain {

    /** Held so the level sticks: the Kafka clients' own chatter is for debugging, not for the operator. */
    private static final java.util.logging.Logger KAFKA_CLIENT_LOGS = java.util.logging.Logger.getLogger("org.apache.kafka");

    private LocalStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        KAFKA_CLIENT_LOGS.setLevel(java.util.logging.Level.SEVERE);
        LocalStackSettings settings = userSettings();
        for (int port : new int[] {settings.kafkaPort(), settings.controllerPort(), settings.s3Port()}) {
            if (!FreePorts.isFree(port)) {
                System.err.println("port " + port + " on 127.0.0.1 is in use: is another stack running? "
                        + "Stop it, or choose other ports with HETFLOW_KAFKA_PORT / HETFLOW_S3_PORT.");
                System.exit(2);
            }
        }
        System.out.println("starting the local stack in " + settings.dataDir() + " ...");
        LocalStack stack = LocalStack.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping the local stack ...");
            stack.close();
            System.out.println("stopped.");
            stopped.countDown();
        }, "local-stack-stop"));
        System.out.println("Kafka  " + settings.kafkaBootstrap() + "   (KRaft, pid " + stack.kafkaPid() + ")");
        System.out.println("S3     " + settings.s3Endpoint() + "   bucket " + settings.bucket()
                + ", access key " + settings.accessKey() + " (pid " + stack.s3Pid() + ")");
        System.out.println("keys   " + credentialsSource());
        System.out.println("logs   " + settings.dataDir().resolve("kafka.log") + ", "
                + settings.dataDir().resolve("s3.log"));
        System.out.println("ready. Ctrl-C stops both.");
        stopped.await();
    }

    /** The data folder of the command line: {@code HETFLOW_HOME}, else {@code .hetflow} in the working directory. */
    public static Path home() {
        String home = System.getenv("HETFLOW_HOME");
        return Path.of(home == null || home.isBlank() ? ".hetflow" : home).toAbsolutePath();
    }

    /** The settings of a user's stack: fixed ports, data under {@link #home()}, keys from the environment or a file. */
    public static LocalStackSettings userSettings() {
        Path dataDir = home().resolve("stack");
        int kafkaPort = intEnv("HETFLOW_KAFKA_PORT", LocalStackSettings.DEFAULT_KAFKA_PORT);
        int s3Port = intEnv("HETFLOW_S3_PORT", LocalStackSettings.DEFAULT_S3_PORT);
        String access = System.getenv("HETFLOW_S3_ACCESS_KEY");
        String secret = System.getenv("HETFLOW_S3_SECRET_KEY");
        if (access == null || secret == null) {
            Properties keys = storedCredentials(dataDir.resolve("credentials.properties"));
            access = keys.getProperty("access-key");
            secret = keys.getProperty("secret-key");
        }
        return new LocalStackSettings(dataDir, kafkaPort, intEnv("HETFLOW_KAFKA_CONTROLLER_PORT", kafkaPort + 1),
                s3Port, access, secret, "hetflow");
    }

    private static String credentialsSource() {
        return System.getenv("HETFLOW_S3_SECRET_KEY") != null
                ? "from HETFLOW_S3_ACCESS_KEY / HETFLOW_S3_SECRET_KEY"
                : "in " + home().resolve("stack").resolve("credentials.properties") + " (mode 600)";
    }

    private static Properties storedCredentials(Path file) {
        Properties keys = new Properties();
        try {
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    keys.load(in);
                }
                return keys;
            }
            Files.createDirectories(file.getParent());
            keys.setProperty("access-key", "hetflow");
            keys.setProperty("secret-key", LocalStackSettings.randomSecret());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(file)) {
                keys.store(out, "S3 keys of the local hetflow stack, made at first start");
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, got: " + value);
        }
    }
}
