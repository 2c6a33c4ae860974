package dev.hetflow.sampler.export;

import dev.hetflow.sampler.registry.UnknownModelException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Progress of bulk exports. */
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
}
