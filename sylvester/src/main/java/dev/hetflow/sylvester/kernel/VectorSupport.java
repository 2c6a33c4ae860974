package dev.hetflow.sylvester.kernel;

import dev.hetflow.optim.HostKernels;

/**
 * Whether sylvester's kernels may run their float loops in SIMD lanes ({@link FloatLanes}): {@link HostKernels}'
 * check, switched off by {@code -Dhetflow.sylvester.vector=false}. Without the lanes the kernels run libnd4j's ops
 * and scalar loops, as before.
 */
public final class VectorSupport {

    public static final boolean AVAILABLE = HostKernels.vectorLanes("hetflow.sylvester.vector");

    private VectorSupport() {
    }
}
