package dev.hetflow.sampler.runtime;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Whether the CUDA execution provider can work here, decided without calling it: with {@code onnxruntime_gpu} on a
 * machine without CUDA, {@code addCUDA} throws only after about 2.7 s and leaves 326 MB in the temp directory, and
 * {@code getAvailableProviders()} lists CUDA even then. So look for a GPU device node and the CUDA runtime, cuBLAS and
 * cuDNN libraries on the loader path first.
 */
final class CudaProbe {

    static final List<String> LIBRARIES = List.of("libcudart.so", "libcublas.so", "libcudnn.so");
    private static final List<String> STANDARD_DIRS = List.of("/usr/local/cuda/lib64", "/usr/lib/x86_64-linux-gnu",
            "/usr/lib64", "/usr/local/nvidia/lib64", "/usr/lib/wsl/lib");

    private CudaProbe() {
    }

    /** True when a GPU device node exists and every library in {@link #LIBRARIES} (any version suffix) is found. */
    static boolean cudaPresent(Map<String, String> env, Predicate<Path> exists, Lister lister) {
        if (!exists.test(Path.of("/dev/nvidia0")) && !exists.test(Path.of("/dev/dxg"))) {
            return false;
        }
        List<Path> dirs = new ArrayList<>();
        String ldPath = env.getOrDefault("LD_LIBRARY_PATH", "");
        for (String dir : ldPath.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                dirs.add(Path.of(dir));
            }
        }
        STANDARD_DIRS.forEach(d -> dirs.add(Path.of(d)));
        return LIBRARIES.stream().allMatch(lib -> dirs.stream().anyMatch(dir ->
                lister.names(dir).stream().anyMatch(name -> name.startsWith(lib))));
    }

    static boolean cudaPresent() {
        return cudaPresent(System.getenv(), Files::exists, CudaProbe::list);
    }

    private static List<String> list(Path dir) {
        String[] names = dir.toFile().list();
        return names == null ? List.of() : List.of(names);
    }

    /** File names in a folder (empty when it does not exist). */
    interface Lister {
        List<String> names(Path dir);
    }
}
