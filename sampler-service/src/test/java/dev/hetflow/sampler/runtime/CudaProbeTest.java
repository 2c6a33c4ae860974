package dev.hetflow.sampler.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CudaProbeTest {

    private static final List<String> ALL = List.of("libcudart.so.12", "libcublas.so.12", "libcudnn.so.9");

    @Test
    void needsTheDeviceNodeAndEveryLibrary() {
        Map<String, String> env = Map.of("LD_LIBRARY_PATH", "/opt/cuda/lib");
        assertTrue(CudaProbe.cudaPresent(env, p -> true, dir -> dir.equals(Path.of("/opt/cuda/lib")) ? ALL
                : List.of()));
        assertFalse(CudaProbe.cudaPresent(env, p -> false, dir -> ALL), "no /dev/nvidia0");
        assertFalse(CudaProbe.cudaPresent(env, p -> true, dir -> List.of("libcudart.so.12", "libcublas.so.12")),
                "cuDNN missing");
        assertTrue(CudaProbe.cudaPresent(Map.of(), p -> true,
                dir -> dir.equals(Path.of("/usr/local/cuda/lib64")) ? ALL : List.of()), "standard folder");
    }

    @Test
    void settingChoosesTheDevice() {
        assertEquals(ExecutionDevice.CPU, ExecutionDevice.choose("auto", () -> false));
        assertEquals(ExecutionDevice.CUDA, ExecutionDevice.choose("auto", () -> true));
        assertEquals(ExecutionDevice.CPU, ExecutionDevice.choose("cpu", () -> true));
        assertEquals(ExecutionDevice.CUDA, ExecutionDevice.choose(" CUDA ", () -> false));
        assertThrows(IllegalArgumentException.class, () -> ExecutionDevice.choose("tpu", () -> true));
    }

    /** On this CPU-only build machine the probe must say no, so sessions never pay addCUDA's 2.7 s failure. */
    @Test
    void thisMachineHasNoUsableCudaUnlessItHasTheDevice() {
        if (!java.nio.file.Files.exists(Path.of("/dev/nvidia0"))) {
            assertFalse(CudaProbe.cudaPresent());
        }
    }
}
