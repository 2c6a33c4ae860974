package dev.hetflow.sampler.fidelity;

import dev.hetflow.sampler.admission.Sampling;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Label fidelity of a model version. */
@Path("/models/{model}/fidelity")
@Sampling
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class FidelityResource {

    static final int MAX_SAMPLES = 1024;

    private final LabelFidelity fidelity;

    FidelityResource(LabelFidelity fidelity) {
        this.fidelity = fidelity;
    }

    @GET
    @Operation(summary = "Label fidelity: PIV RMS (px) of label - cross-correlation estimate; MNIST classifier "
            + "agreement; each beside the same on real data. steps: FFJORD solver steps of the sampling (default the "
            + "model's), to measure fidelity against the cost per sample")
    public FidelityReport measure(@PathParam("model") String model, @QueryParam("version") Integer version,
                                  @QueryParam("n") @DefaultValue("64") int n,
                                  @QueryParam("seed") @DefaultValue("0") long seed,
                                  @QueryParam("steps") Integer steps) {
        checkSamples(n);
        return fidelity.measure(model, version, n, seed, steps);
    }

    /** The judged sample count a request may ask for: 1..MAX_SAMPLES, else a 400 saying so. */
    static void checkSamples(int n) {
        if (n < 1 || n > MAX_SAMPLES) {
            throw new IllegalArgumentException("n must be in 1.." + MAX_SAMPLES + ", got " + n);
        }
    }
}
