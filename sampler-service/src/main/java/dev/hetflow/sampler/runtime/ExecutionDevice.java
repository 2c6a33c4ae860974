package dev.hetflow.sampler.runtime;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/** Where sessions run. */
public enum ExecutionDevice {
    CPU,
    CUDA;

    /**
     * {@code auto}: CUDA when the probe finds its libraries, else CPU; {@code cpu}; {@code cuda} (fails at session
     * creation where CUDA is missing, which is what the operator asked for).
     */
    static ExecutionDevice choose(String setting, BooleanSupplier cudaPresent) {
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> cudaPresent.getAsBoolean() ? CUDA : CPU;
            case "cpu" -> CPU;
            case "cuda", "gpu" -> CUDA;
            default -> throw new IllegalArgumentException("hetflow.sampler.device must be auto, cpu or cuda, got "
                    + setting);
        };
    }
}
