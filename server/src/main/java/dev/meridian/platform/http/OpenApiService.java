package dev.meridian.platform.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi}: the OpenAPI 3.1 document of the REST API ({@code openapi.json} on the class path), written by
 * hand and kept true by {@code OpenApiTest}, which compares it with the routes the services register.
 */
public final class OpenApiService implements HttpService {
    public static final String PATH = "/openapi";
    public static final String RESOURCE = "openapi.json";

    private final byte[] document;

    public OpenApiService() {
        this.document = load();
    }

    public static byte[] load() {
        try (InputStream in = OpenApiService.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::document);
    }

    private void document(ServerRequest req, ServerResponse res) {
        res.headers().contentType(HttpMediaTypes.JSON_UTF_8);
        res.header(HeaderNames.CACHE_CONTROL, "max-age=300");
        res.send(document);
    }
}
