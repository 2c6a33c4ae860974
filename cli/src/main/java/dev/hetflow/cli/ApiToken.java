package dev.hetflow.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The bearer token of the local services: {@code HETFLOW_API_TOKEN} when set, else made once and kept in
 * {@code <home>/api-token} (mode 600). It is never printed; users read the file.
 */
final class ApiToken {

    private ApiToken() {
    }

    static String resolve(Path home) {
        String fromEnv = System.getenv("HETFLOW_API_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        Path file = home.resolve("api-token");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(home);
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String token = HexFormat.of().formatHex(bytes);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, token + "\n");
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    static String source(Path home) {
        String fromEnv = System.getenv("HETFLOW_API_TOKEN");
        return fromEnv != null && !fromEnv.isBlank() ? "from HETFLOW_API_TOKEN" : "in " + home.resolve("api-token");
    }
}
