package dev.hetflow.ffjord.dynamics;

import dev.hetflow.optim.HostKernels;

/**
 * ffjord's use of {@link HostKernels}: {@link #HOST_MEMORY} for the Java shift loops, {@link #AVAILABLE} for
 * {@link VectorActivation} (loaded only then). Without the Vector API module nets run their activations as ND4J ops,
 * as before; {@code -Dhetflow.ffjord.vector=false} turns the vector kernels off where the module is present.
 */
final class VectorSupport {

    static final boolean HOST_MEMORY = HostKernels.HOST_MEMORY;

    static final boolean AVAILABLE = HostKernels.vectorLanes("hetflow.ffjord.vector");

    private VectorSupport() {
    }
}
