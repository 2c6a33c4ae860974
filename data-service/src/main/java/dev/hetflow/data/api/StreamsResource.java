package dev.hetflow.data.api;

import dev.hetflow.common.topics.Topics;
import dev.hetflow.data.sources.DatasetSources;
import dev.hetflow.data.sources.StreamRequest;
import dev.hetflow.data.stream.StreamRegistry;
import dev.hetflow.data.stream.StreamStatus;
import dev.hetflow.service.errors.ApiError;
import dev.hetflow.service.security.RequiresToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Start, follow and stop streams of tensor records. */
@Path("/streams")
@Produces(MediaType.APPLICATION_JSON)
public class StreamsResource {

    private final DatasetSources sources;
    private final StreamRegistry streams;

    StreamsResource(DatasetSources sources, StreamRegistry streams) {
        this.sources = sources;
        this.streams = streams;
    }

    /**
     * Starts a stream: 202 with its status, or 200 when the same spec is already a complete data set (nothing is
     * streamed again). 400 for an impossible spec, 422 for a missing or corrupt source file; nothing is published
     * then.
     */
    @POST
    @RequiresToken
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(StreamRequest request) {
        StreamStatus status = streams.start(sources.open(request));
        return Response.status(status.alreadyPublished() ? 200 : 202).entity(status).build();
    }

    @GET
    public List<StreamStatus> list() {
        return streams.all();
    }

    @GET
    @Path("/{id}")
    public Response status(@PathParam("id") String id) {
        Topics.requireId(id, "stream id");
        return streams.status(id).map(s -> Response.ok(s).build()).orElseGet(() -> notFound(id));
    }

    @POST
    @Path("/{id}/stop")
    @RequiresToken
    public Response stop(@PathParam("id") String id) {
        Topics.requireId(id, "stream id");
        return streams.stop(id).map(s -> Response.ok(s).build()).orElseGet(() -> notFound(id));
    }

    private static Response notFound(String id) {
        return Response.status(404).entity(new ApiError(404, "no stream " + id + " since the service started"))
                .build();
    }
}
