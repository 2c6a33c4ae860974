package dev.hetflow.ffjord.dynamics;

/**
 * Whether the JDK's Vector API (the incubating module {@code jdk.incubator.vector}) is in this JVM's boot layer, so
 * that {@link VectorActivation} can be loaded. The module is only resolved when the JVM starts with
 * {@code --add-modules jdk.incubator.vector}; without it every net runs its activations as ND4J ops, as before.
 * {@code -Dhetflow.ffjord.vector=false} turns the vector kernels off where the module is present.
 */
final class VectorSupport {

    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("hetflow.ffjord.vector"));

    private VectorSupport() {
    }
}
