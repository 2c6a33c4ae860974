package dev.hetflow.bench.sampler;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * CPU time of the service's JVM and of this JVM (the load driver) over a measured phase, per sample served: unlike
 * samples/s it does not move when other work shares the machine, so it shows where the cores go.
 */
public final class CpuMeter {

    private final Supplier<Duration> service;
    private long serviceStart;
    private long clientStart;

    public CpuMeter(Supplier<Duration> service) {
        this.service = service;
    }

    /** Marks the start of a measured phase. */
    public void start() {
        serviceStart = service.get().toNanos();
        clientStart = ownCpuNanos();
    }

    /** CPU milliseconds per sample since {@link #start}, of the service and of the client. */
    public PerSample perSample(long samples) {
        double service = (this.service.get().toNanos() - serviceStart) / 1e6 / samples;
        double client = (ownCpuNanos() - clientStart) / 1e6 / samples;
        return new PerSample(service, client);
    }

    private static long ownCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow(() -> new IllegalStateException(
                "this platform does not report a process's CPU time")).toNanos();
    }

    /**
     * @param serviceMs CPU ms of the service's JVM per sample
     * @param clientMs  CPU ms of the load driver's JVM per sample
     */
    public record PerSample(double serviceMs, double clientMs) {
    }
}
