package dev.hetflow.data.api;

import dev.hetflow.common.topics.Topics;
import dev.hetflow.data.stream.ManifestPublisher;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.service.errors.ApiError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The complete data sets and their manifests. */
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetsResource {

    private final ManifestPublisher manifests;

    DatasetsResource(ManifestPublisher manifests) {
        this.manifests = manifests;
    }

    @GET
    public List<DatasetManifest> list() {
        return manifests.list();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        Topics.requireId(id, "dataset id");
        return manifests.find(id).map(m -> Response.ok(m).build())
                .orElseGet(() -> Response.status(404).entity(new ApiError(404, "no complete data set " + id)).build());
    }
}
