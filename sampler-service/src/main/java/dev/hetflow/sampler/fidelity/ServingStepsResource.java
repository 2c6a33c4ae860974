package dev.hetflow.sampler.fidelity;

import dev.hetflow.sampler.admission.Sampling;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Calibrates the solver steps a model version is served with (see {@link StepsCalibration}). */
@Path("/models/{model}/serving-steps")
@Sampling
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ServingStepsResource {

    private final StepsCalibration calibration;

    ServingStepsResource(StepsCalibration calibration) {
        this.calibration = calibration;
    }

    @POST
    @Operation(summary = "Judge samples at 1, 2, 4 ... solver steps up to the model's own and serve requests that name "
            + "no steps with the fewest that keep its label fidelity; answers the sweep and the choice")
    public StepsCalibration.Result calibrate(@PathParam("model") String model, @QueryParam("version") Integer version,
                                             @QueryParam("n") @DefaultValue("64") int n,
                                             @QueryParam("seed") @DefaultValue("0") long seed) {
        FidelityResource.checkSamples(n);
        return calibration.calibrate(model, version, n, seed);
    }
}
