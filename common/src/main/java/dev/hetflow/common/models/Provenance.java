package dev.hetflow.common.models;

import java.util.Map;

/**
 * Where a model version came from, enough to reproduce it.
 *
 * @param seed        the training seed
 * @param codeVersion hetflow's version (and git commit when known)
 * @param libraries   library name to version, e.g. {@code nd4j -> 1.0.0-M2.1}
 * @param os          {@code os.name os.version}
 * @param arch        {@code os.arch}
 * @param jobId       the training job
 */
public record Provenance(long seed, String codeVersion, Map<String, String> libraries, String os, String arch,
                         String jobId) {

    public Provenance {
        libraries = Map.copyOf(libraries);
    }
}
