package dev.hetflow.optim;

import org.nd4j.linalg.factory.Nd4j;

/**
 * What Java kernels beside ND4J's ops may assume, for every module that has them. {@link #HOST_MEMORY}: ND4J runs on
 * its CPU backend, so an array's buffer is the native host memory its ops read and write, and Java may read and write
 * it too (a GPU backend keeps arrays in device memory, where only ND4J's ops go). {@link #vectorLanes}: additionally
 * the JDK's incubating Vector API ({@code jdk.incubator.vector}) is in this JVM's boot layer, which it is only when
 * the JVM starts with {@code --add-modules jdk.incubator.vector} (benchmarks/run, the hetflow launcher and the JVM
 * image do), and the module's own switch does not turn the lanes off.
 */
public final class HostKernels {

    public static final boolean HOST_MEMORY = Nd4j.getBackend().getClass().getName()
            .equals("org.nd4j.linalg.cpu.nativecpu.CpuBackend");

    private HostKernels() {
    }

    /** Whether SIMD lanes may run, unless the system property {@code switchProperty} is "false". */
    public static boolean vectorLanes(String switchProperty) {
        return HOST_MEMORY && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !"false".equals(System.getProperty(switchProperty));
    }
}
