package dev.hetflow.cli;

import dev.hetflow.stack.LocalStackMain;
import java.nio.file.Path;

/** The Java side of {@code ./hetflow}; the script builds the modules first and passes the repository root. */
public final class HetflowMain {

    /** Held so the level sticks: the Kafka clients' own chatter is for debugging, not for the operator. */
    private static final java.util.logging.Logger KAFKA_CLIENT_LOGS = java.util.logging.Logger.getLogger("org.apache.kafka");

    private HetflowMain() {
    }

    /** {@code --out DIR} among the command's arguments, else {@code fallback} in the working directory. */
    static Path outFolder(String[] args, String fallback) {
        for (int i = 2; i < args.length - 1; i++) {
            if ("--out".equals(args[i])) {
                return Path.of(args[i + 1]).toAbsolutePath();
            }
        }
        return Path.of(fallback).toAbsolutePath();
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
            case "demo" -> DemoCommand.run(root, home, DemoPreset.standard(), outFolder(args, "demo-out"));
            default -> {
                System.err.println("unknown command: " + args[1]);
                System.exit(2);
            }
        }
    }
}
