package dev.hetflow.bench;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;

/** Dispatches {@code benchmarks/run NAME}: NAME in kebab-case names the class {@code <Name>Benchmark} here. */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: benchmarks/run NAME [ARGS...]");
        }
        String className = BenchMain.class.getPackageName() + "." + pascalCase(args[0]) + "Benchmark";
        Class<?> benchmark;
        try {
            benchmark = Class.forName(className);
        } catch (ClassNotFoundException e) {
            System.err.println("no benchmark named " + args[0] + " (looked for " + className + ")");
            System.exit(2);
            return;
        }
        Method main = benchmark.getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    static String pascalCase(String kebab) {
        StringBuilder out = new StringBuilder();
        for (String part : kebab.toLowerCase(Locale.ROOT).split("-")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }
}
