package dev.hetflow.sampler.sampling;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The solver steps each model version is served with when a request names none, where a calibration found fewer
 * steps than the model's own that still pass its label-fidelity judge. Held by this sampler process: a restarted or
 * another replica serves the model's own steps until it is calibrated again.
 */
@ApplicationScoped
public class ServingSteps {

    private final Map<String, Integer> chosen = new ConcurrentHashMap<>();

    private static String key(String modelId, int version) {
        return modelId + "/" + version;
    }

    public OptionalInt chosen(String modelId, int version) {
        Integer steps = chosen.get(key(modelId, version));
        return steps == null ? OptionalInt.empty() : OptionalInt.of(steps);
    }

    public void choose(String modelId, int version, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("serving steps must be >= 1, got " + steps);
        }
        chosen.put(key(modelId, version), steps);
    }

    /** Back to the model's own steps. */
    public void forget(String modelId, int version) {
        chosen.remove(key(modelId, version));
    }
}
