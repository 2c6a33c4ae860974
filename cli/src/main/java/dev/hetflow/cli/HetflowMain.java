package dev.hetflow.cli;

import dev.hetflow.stack.LocalStackMain;
import java.nio.file.Path;

/** The Java side of {@code ./hetflow}; the script builds the modules first and passes the repository root. */
public final class HetflowMain {

    /** Held so the level sticks: the Kafka clients' own chatter is for debugging, not for the operator. */
    private static final java.util.logging.Logger KAFKA_CLIENT_LOGS = java.util.logging.Logger.getLogger("org.apache.kafka");

    private HetflowMain() {
    }

    public static void main(String[] args) throws Exception {
        KAFKA_CLIENT_LOGS.setLevel(java.util.logging.Level.SEVERE);
        if (args.length < 2) {
            System.err.println("usage: HetflowMain <repository-root> <command> [args...]");
            System.exit(2);
        }
        Path root = Path.of(args[0]).toAbsolutePath();
        Path home = LocalStackMain.home();
        switch (args[1]) {
            case "up" -> UpCommand.run(root, home);
            default -> {
                System.err.println("unknown command: " + args[1]);
                System.exit(2);
            }
        }
    }
}
