package dev.hetflow.ffjord.dynamics;

import org.nd4j.linalg.factory.Nd4j;

/**
 * What the Java kernels beside ND4J's ops may assume. {@link #HOST_MEMORY}: ND4J runs on its CPU backend, so an
 * array's buffer is the native host memory its ops read and write, and Java may read and write it too (a GPU
 * backend keeps arrays in device memory, where only ND4J's ops go). {@link #AVAILABLE}: additionally the JDK's
 * Vector API (the incubating module {@code jdk.incubator.vector}) is in this JVM's boot layer, so that
 * {@link VectorActivation} can be loaded; the module is only resolved when the JVM starts with
 * {@code --add-modules jdk.incubator.vector}. Without it nets run their activations as ND4J ops, as before;
 * {@code -Dhetflow.ffjord.vector=false} turns the vector kernels off where the module is present.
 */
final class VectorSupport {

    static final boolean HOST_MEMORY = Nd4j.getBackend().getClass().getName()
            .equals("org.nd4j.linalg.cpu.nativecpu.CpuBackend");

    static final boolean AVAILABLE = HOST_MEMORY
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("hetflow.ffjord.vector"));

    private VectorSupport() {
    }
}
