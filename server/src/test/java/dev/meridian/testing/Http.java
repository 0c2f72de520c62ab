package dev.meridian.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** Small HTTP calls for API tests: JSON bodies, optional bearer token, any content type. */
public final class Http implements AutoCloseable {
    private final HttpClient client = HttpClient.newHttpClient();
    private final TestServer server;

    public Http(TestServer server) {
        this.server = server;
    }

    public HttpResponse<String> postJson(String path, String json) {
        return post(path, json, Optional.empty(), "application/json");
    }

    public HttpResponse<String> postJson(String path, String json, String token) {
        return post(path, json, Optional.of(token), "application/json");
    }

    public HttpResponse<String> post(String path, String body, Optional<String> token, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return send(request.build());
    }

    public HttpResponse<String> get(String path, String token) {
        return send(HttpRequest.newBuilder(server.uri(path))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return server.uri(path);
    }

    @Override
    public void close() {
        client.close();
    }
}
