package dev.hetflow.sylvester.kernel;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether the kernels may run their float loops in SIMD lanes ({@link FloatLanes}): ND4J is on its CPU backend (an
 * array's buffer is host memory Java may read and write) and the JDK's incubating Vector API is in this JVM's boot
 * layer, which it is only when the JVM starts with {@code --add-modules jdk.incubator.vector} (benchmarks/run and
 * the hetflow launcher do). Without it the kernels run libnd4j's ops and scalar loops, as before;
 * {@code -Dhetflow.sylvester.vector=false} turns the lanes off where the module is present. The same check as
 * ffjord's dynamics.VectorSupport, kept here so that sylvester does not depend on ffjord.
 */
public final class VectorSupport {

    public static final boolean AVAILABLE = Nd4j.getBackend().getClass().getName()
            .equals("org.nd4j.linalg.cpu.nativecpu.CpuBackend")
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("hetflow.sylvester.vector"));

    private VectorSupport() {
    }
}
