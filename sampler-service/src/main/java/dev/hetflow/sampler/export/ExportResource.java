package dev.hetflow.sampler.export;

import dev.hetflow.service.security.RequiresToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Bulk export of annotated samples (needs the API token) and its progress. */
@Path("/models/{model}/exports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "exports")
public class ExportResource {

    private final ExportService exports;

    ExportResource(ExportService exports) {
        this.exports = exports;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresToken
    @Operation(summary = "Start a bulk export: N annotated samples to hetflow.samples.<export-id> and/or .npz shards")
    public Response start(@PathParam("model") String model, @QueryParam("version") Integer version,
                          ExportRequest request) {
        ExportStatus status = exports.start(model, version, request);
        return Response.accepted(status).header("Location", "/exports/" + status.exportId()).build();
    }

}
