package dev.meridian.platform.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads JSON request bodies the same way for every route: {@code application/json} (any case, UTF-8 or no charset)
 * or 415, at most {@code http.max-body-size} bytes or 413 (checked on the declared length and again while reading, for
 * chunked bodies), a JSON object of at most {@value #MAX_DEPTH} levels with numbers of at most
 * {@value #MAX_NUMBER_DIGITS} digits or 400.
 */
public final class JsonBodies {
    /** No request of the API nests deeper than 2; the limit only has to stop deep bodies cheaply. */
    static final int MAX_DEPTH = 32;
    /** No field of the API is a number this long; Jackson's own default (1,000) would accept 1,000-digit numbers. */
    static final int MAX_NUMBER_DIGITS = 100;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(MAX_NUMBER_DIGITS)
                    .build())
            .build());

    private final int maxBytes;

    public JsonBodies(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("http.max-body-size must be positive");
        }
        this.maxBytes = maxBytes;
    }

    public RequestFields read(ServerRequest req) {
        Optional<HttpMediaType> type = req.headers().contentType();
        // media types and charset names are case-insensitive (RFC 9110 8.3.1)
        boolean json = type.map(HttpMediaType::mediaType)
                .filter(t ->
                        t.type().equalsIgnoreCase("application") && t.subtype().equalsIgnoreCase("json"))
                .isPresent();
        if (!json) {
            throw new ApiException(
                    Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type", "The body must be application/json");
        }
        Optional<String> charset = type.flatMap(HttpMediaType::charset)
                .map(c -> c.replace("\"", "").toLowerCase(Locale.ROOT));
        if (charset.isPresent() && !charset.get().equals("utf-8")) {
            throw new ApiException(
                    Status.UNSUPPORTED_MEDIA_TYPE_415,
                    "unsupported_media_type",
                    "The body must be UTF-8 encoded (charset=utf-8 or no charset)");
        }
        if (req.headers().contentLength().orElse(0) > maxBytes) {
            throw tooLarge(req);
        }
        byte[] body = readAtMost(req);
        try {
            JsonNode node = JSON.readTree(body);
            if (!(node instanceof ObjectNode object)) {
                throw invalid("The body must be a JSON object");
            }
            return new RequestFields(object);
        } catch (StreamConstraintsException e) {
            throw invalid("The body nests deeper than " + MAX_DEPTH + " levels or has a number longer than "
                    + MAX_NUMBER_DIGITS + " digits");
        } catch (JsonProcessingException e) {
            throw invalid("The body is not valid JSON" + where(e.getLocation()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Some parser errors (e.g. a limit of the parser) carry no location. */
    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private byte[] readAtMost(ServerRequest req) {
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge(req);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Over HTTP/1.1 with {@code Connection: close}: the rest of the body is never read. Otherwise the server would
     * read (and throw away) all of it to keep the connection for a next request, however large its client declared
     * it. HTTP/2 forbids the header (a stream's flow-control window bounds what its client can send anyway).
     */
    private ApiException tooLarge(ServerRequest req) {
        boolean http1 = req.prologue().protocolVersion().startsWith("1.");
        return new ApiException(
                Status.REQUEST_ENTITY_TOO_LARGE_413,
                "payload_too_large",
                "The body must be at most " + maxBytes + " bytes",
                Map.of(),
                http1 ? Map.of("Connection", "close") : Map.of());
    }

    private static ApiException invalid(String message) {
        return new ApiException(Status.BAD_REQUEST_400, "invalid_json", message, Map.of("body", message), Map.of());
    }
}
