package dev.hetflow.datasets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;

/** SHA-256 of a canonical spec: one {@code key=value\n} line per entry in key order, UTF-8. */
public final class SpecHash {

    private SpecHash() {
    }

    public static String of(SortedMap<String, String> spec) {
        StringBuilder canonical = new StringBuilder();
        for (Map.Entry<String, String> e : spec.entrySet()) {
            canonical.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
