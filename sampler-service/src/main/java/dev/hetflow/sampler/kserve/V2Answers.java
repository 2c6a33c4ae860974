package dev.hetflow.sampler.kserve;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hetflow.sampler.registry.UnknownModelException;
import dev.hetflow.sampler.sampling.QueueFullException;
import dev.hetflow.sampler.sampling.SamplingTimeoutException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Every v2 answer that is not a success, as the Open Inference Protocol has it: a 4xx or 5xx with
 * {@code {"error": "..."}}. Internal failures are logged with their detail and answered without it.
 */
final class V2Answers {

    private static final Logger LOG = Logger.getLogger(V2Answers.class);

    /** A v2 call that may fail. */
    interface Call {
        Response run() throws IOException;
    }

    private V2Answers() {
    }

    static Response answer(Call call) {
        try {
            return call.run();
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        } catch (JsonProcessingException e) {
            return error(Response.Status.BAD_REQUEST, "malformed JSON body: " + e.getOriginalMessage());
        } catch (UnknownModelException e) {
            return error(Response.Status.NOT_FOUND, e.getMessage());
        } catch (QueueFullException e) {
            return retry(Response.Status.TOO_MANY_REQUESTS, e.getMessage());
        } catch (SamplingTimeoutException e) {
            return retry(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        } catch (NonFiniteOutputException e) {
            return error(Response.Status.INTERNAL_SERVER_ERROR, e.getMessage());
        } catch (IOException e) {
            return error(Response.Status.BAD_REQUEST, "cannot read the body: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "v2 request failed");
            return error(Response.Status.INTERNAL_SERVER_ERROR, "internal error; the sampler's log has the detail");
        }
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", message)).build();
    }

    private static Response retry(Response.Status status, String message) {
        return Response.fromResponse(error(status, message)).header("Retry-After", "1").build();
    }
}
