package dev.hetflow.bench.piv;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time consumed so far: by this JVM (every thread: generators, producer), by its child processes (the local
 * broker and S3 server) and by the whole machine (everyone's work, from /proc/stat), in seconds.
 *
 * @param self     this JVM
 * @param children its descendant processes
 * @param machine  all CPUs of the machine, busy time (NaN where /proc/stat cannot be read)
 */
public record CpuTime(double self, double children, double machine) {

    public static CpuTime now() {
        double self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        double children = ProcessHandle.current().descendants()
                .mapToDouble(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9).sum();
        return new CpuTime(self, children, machineBusySeconds());
    }

    public CpuTime since(CpuTime start) {
        return new CpuTime(self - start.self, children - start.children, machine - start.machine);
    }

    /** Busy time of all CPUs: the first line of /proc/stat less idle and iowait, in clock ticks of 1/100 s. */
    private static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(f[i]); // fields 4 and 5: idle, iowait
            }
            return busy / 100.0;
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
