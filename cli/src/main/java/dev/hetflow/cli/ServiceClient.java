package dev.hetflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over HTTP to one hetflow service; a non-2xx answer fails with the service's own message. */
final class ServiceClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;

    ServiceClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    JsonNode get(String path) {
        return JSON_BODY.apply(send(request(path).GET().build()));
    }

    /** POSTs JSON with the bearer token and reads JSON back. */
    JsonNode post(String path, Object body) {
        return JSON_BODY.apply(send(postRequest(path, body, "application/json")));
    }

    /** POSTs JSON and returns the raw answer in the media type asked for (e.g. image/png). */
    byte[] postFor(String path, Object body, String accept) {
        return send(postRequest(path, body, accept));
    }

    private HttpRequest postRequest(String path, Object body, String accept) {
        try {
            return request(path).header("Content-Type", "application/json").header("Accept", accept)
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT);
    }

    private byte[] send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + new String(response.body()));
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static final java.util.function.Function<byte[], JsonNode> JSON_BODY = bytes -> {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("the answer is not JSON", e);
        }
    };

    static ObjectMapper json() {
        return JSON;
    }
}
