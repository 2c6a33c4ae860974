package dev.hetflow.sampler.api;

import dev.hetflow.sampler.admission.Sampling;
import dev.hetflow.sampler.sampling.NeighbourRequest;
import dev.hetflow.sampler.sampling.SampleRequest;
import dev.hetflow.sampler.sampling.Samples;
import dev.hetflow.sampler.sampling.SamplingService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Fresh annotated samples and neighbours of an observation, as JSON, a PNG grid with the labels drawn
 * ({@code Accept: image/png}) or an .npz ({@code Accept: application/x-npz}).
 */
@Path("/models/{model}")
@Sampling
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "samples")
public class SamplesResource {

    static final String NPZ = "application/x-npz";
    static final String PNG = "image/png";

    private final SamplingService sampling;

    SamplesResource(SamplingService sampling) {
        this.sampling = sampling;
    }

    @POST
    @Path("/samples")
    @Produces({MediaType.APPLICATION_JSON, PNG, NPZ})
    @Operation(summary = "n new samples with their decoded labels (class and spread for MNIST; u, v in px for PIV)")
    public Response samples(@PathParam("model") String model,
                            @Parameter(description = "version; the latest when absent") @QueryParam("version")
                            Integer version, SampleRequest request, @jakarta.ws.rs.core.Context HttpHeaders headers) {
        return render(sampling.sample(model, version, request), headers);
    }

    @POST
    @Path("/neighbours")
    @Produces({MediaType.APPLICATION_JSON, PNG, NPZ})
    @Operation(summary = "Neighbours of an observation: its latent plus uniform noise of maximum 0.1..0.5, decoded")
    public Response neighbours(@PathParam("model") String model, @QueryParam("version") Integer version,
                               NeighbourRequest request, @jakarta.ws.rs.core.Context HttpHeaders headers) {
        return render(sampling.neighbours(model, version, request), headers);
    }

    private static Response render(Samples samples, HttpHeaders headers) {
        MediaType wanted = headers.getAcceptableMediaTypes().stream()
                .filter(t -> t.isCompatible(MediaType.valueOf(PNG)) || t.isCompatible(MediaType.valueOf(NPZ))
                        || t.isCompatible(MediaType.APPLICATION_JSON_TYPE))
                .findFirst().orElse(MediaType.APPLICATION_JSON_TYPE);
        String name = samples.modelId() + "-v" + samples.version() + "-seed" + samples.seed();
        if (!wanted.isWildcardType() && wanted.isCompatible(MediaType.valueOf(PNG))) {
            return Response.ok(dev.hetflow.sampler.formats.PngGrid.render(samples), PNG).build();
        }
        if (!wanted.isWildcardType() && wanted.isCompatible(MediaType.valueOf(NPZ))) {
            return Response.ok(dev.hetflow.sampler.formats.NpzWriter.write(samples), NPZ)
                    .header("Content-Disposition", "attachment; filename=\"" + name + ".npz\"").build();
        }
        return Response.ok(SamplesView.of(samples), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
