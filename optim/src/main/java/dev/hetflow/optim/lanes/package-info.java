/**
 * Float GEMMs in the JDK's Vector API lanes for the conv layers' tall, narrow products, where OpenBLAS 0.3.19 runs
 * below its large-product speed on this project's AVX-512 machines. It lives in optim, not in either model's
 * module, because both ffjord's conv dynamics and sylvester's VAE kernels route their products through it and both
 * already depend on optim (neither may depend on the other). The kernels ({@code LaneGemm}) are only loaded when a
 * caller passes that the JVM runs with {@code --add-modules jdk.incubator.vector}; callers keep that check (their
 * own {@code VectorSupport}, with its own switch-off property) and BLAS runs otherwise.
 */
package dev.hetflow.optim.lanes;
