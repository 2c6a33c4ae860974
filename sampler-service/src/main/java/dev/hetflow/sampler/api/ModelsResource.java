package dev.hetflow.sampler.api;

import dev.hetflow.common.models.ModelManifest;
import dev.hetflow.sampler.registry.ModelLease;
import dev.hetflow.sampler.registry.ModelRegistry;
import dev.hetflow.sampler.registry.ModelSummary;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The models the sampler serves, their versions and manifests. */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelsResource {

    private final ModelRegistry registry;

    ModelsResource(ModelRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Operation(summary = "Loaded models with their versions, latest metrics and refused versions")
    public List<ModelSummary> list() {
        return registry.list();
    }

    @GET
    @Path("/{model}")
    @Operation(summary = "The latest version's manifest: dataset layout, metrics, per-epoch curve, provenance")
    public ModelManifest latest(@PathParam("model") String model) {
        return manifest(model, null);
    }

    @GET
    @Path("/{model}/versions/{version}")
    @Operation(summary = "One version's manifest")
    public ModelManifest version(@PathParam("model") String model, @PathParam("version") int version) {
        return manifest(model, version);
    }

    private ModelManifest manifest(String model, Integer version) {
        try (ModelLease lease = registry.lease(model, version)) {
            return lease.model().manifest();
        }
    }
}
