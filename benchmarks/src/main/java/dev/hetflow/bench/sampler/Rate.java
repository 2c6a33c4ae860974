package dev.hetflow.bench.sampler;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A peer's throughput in one thread: samples per second of wall time and CPU milliseconds per sample of the thread
 * that ran it (the latter does not move when other work shares the machine).
 */
public record Rate(double samplesPerSecond, double cpuMsPerSample) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** A timed loop in the calling thread: {@code call} draws {@code rows} samples per call. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    /** Runs {@code call} {@code warmUp} times, then as often as fits in {@code millis}. */
    public static Rate measure(Call call, int rows, int warmUp, long millis) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            call.run();
        }
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + millis * 1_000_000L;
        long samples = 0;
        while (System.nanoTime() < end) {
            call.run();
            samples += rows;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMs = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e6;
        return new Rate(samples / seconds, cpuMs / samples);
    }
}
