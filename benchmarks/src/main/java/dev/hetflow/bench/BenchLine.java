package dev.hetflow.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The last line of every benchmark: {@code BENCH NAME key=value ...}, keys in the order they were added. */
public final class BenchLine {

    private final String name;
    private final Map<String, String> values = new LinkedHashMap<>();

    public BenchLine(String name) {
        this.name = name;
    }

    public BenchLine put(String key, double value) {
        values.put(key, String.format(Locale.ROOT, "%.4g", value));
        return this;
    }

    public BenchLine put(String key, long value) {
        values.put(key, Long.toString(value));
        return this;
    }

    public void print() {
        StringBuilder line = new StringBuilder("BENCH ").append(name);
        values.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.flush();
        System.out.println(line);
    }
}
