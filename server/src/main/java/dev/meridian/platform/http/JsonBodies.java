package dev.meridian.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Reads JSON request bodies the same way for every route: {@code application/json} or 415, at most
 * {@code http.max-body-size} bytes or 413 (checked on the declared length and again while reading, for chunked
 * bodies), a JSON object or 400.
 */
public final class JsonBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxBytes;

    public JsonBodies(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("http.max-body-size must be positive");
        }
        this.maxBytes = maxBytes;
    }

    public int maxBytes() {
        return maxBytes;
    }

    public RequestFields read(ServerRequest req) {
        boolean json = req.headers()
                .contentType()
                .map(HttpMediaType::mediaType)
                .filter(type ->
                        type.type().equals("application") && type.subtype().equals("json"))
                .isPresent();
        if (!json) {
            throw new ApiException(
                    Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type", "The body must be application/json");
        }
        if (req.headers().contentLength().orElse(0) > maxBytes) {
            throw tooLarge();
        }
        byte[] body = readAtMost(req);
        try {
            JsonNode node = JSON.readTree(body);
            if (!(node instanceof ObjectNode object)) {
                throw invalid("The body must be a JSON object");
            }
            return new RequestFields(object);
        } catch (JsonProcessingException e) {
            throw invalid("The body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] readAtMost(ServerRequest req) {
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ApiException tooLarge() {
        return new ApiException(
                Status.REQUEST_ENTITY_TOO_LARGE_413,
                "payload_too_large",
                "The body must be at most " + maxBytes + " bytes");
    }

    private static ApiException invalid(String message) {
        return new ApiException(Status.BAD_REQUEST_400, "invalid_json", message, Map.of("body", message), Map.of());
    }
}
