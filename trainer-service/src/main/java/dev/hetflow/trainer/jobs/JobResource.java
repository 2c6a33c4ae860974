package dev.hetflow.trainer.jobs;

import dev.hetflow.service.errors.ApiError;
import dev.hetflow.service.security.RequiresToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Training jobs over REST: submit and cancel need the API token; list and status are open. */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobManager manager;

    JobResource(JobManager manager) {
        this.manager = manager;
    }

    @POST
    @RequiresToken
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(JobSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("a job spec (JSON body) is required");
        }
        JobStatus status = manager.submit(spec);
        return Response.accepted(status).location(URI.create("/jobs/" + status.jobId())).build();
    }

    @GET
    public List<JobStatus> list() {
        return manager.list();
    }

    @GET
    @Path("/{id}")
    public JobStatus status(@PathParam("id") String id) {
        return manager.status(id).orElseThrow(() -> notFound(id));
    }

    @GET
    @Path("/{id}/spec")
    public JobSpec spec(@PathParam("id") String id) {
        return manager.spec(id).orElseThrow(() -> notFound(id));
    }

    @DELETE
    @Path("/{id}")
    @RequiresToken
    public Response cancel(@PathParam("id") String id) {
        JobStatus status = manager.status(id).orElseThrow(() -> notFound(id));
        if (!manager.cancel(id)) {
            return Response.status(Response.Status.CONFLICT)
                    .entity(new ApiError(409, "job " + id + " is already " + status.state())).build();
        }
        return Response.accepted(manager.status(id).orElseThrow()).build();
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException(Response.status(404).entity(new ApiError(404, "no job " + id))
                .type(MediaType.APPLICATION_JSON).build());
    }
}
