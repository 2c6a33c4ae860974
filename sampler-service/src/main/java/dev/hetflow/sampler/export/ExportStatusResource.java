package dev.hetflow.sampler.export;

import dev.hetflow.sampler.registry.UnknownModelException;
import dev.hetflow.service.security.RequiresToken;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Progress of bulk exports, and their deletion (needs the API token). */
@Path("/exports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "exports")
public class ExportStatusResource {

    private final ExportService exports;

    ExportStatusResource(ExportService exports) {
        this.exports = exports;
    }

    @GET
    @Path("/{export}")
    @Operation(summary = "Progress of an export: produced samples, shard keys, state")
    public ExportStatus status(@PathParam("export") String exportId) {
        return exports.status(exportId).orElseThrow(() -> new UnknownModelException("no export " + exportId));
    }

    @DELETE
    @Path("/{export}")
    @RequiresToken
    @Operation(summary = "Delete a finished export: its hetflow.samples.<export-id> topic and its .npz shards")
    public jakarta.ws.rs.core.Response delete(@PathParam("export") String exportId) {
        boolean deleted;
        try {
            deleted = exports.delete(exportId);
        } catch (IllegalStateException e) {
            return jakarta.ws.rs.core.Response.status(409)
                    .entity(new dev.hetflow.service.errors.ApiError(409, e.getMessage())).build();
        }
        if (!deleted) {
            throw new UnknownModelException("no export " + exportId);
        }
        return jakarta.ws.rs.core.Response.noContent().build();
    }
}
