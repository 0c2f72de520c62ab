package dev.meridian.platform.http;

import io.helidon.http.Status;
import java.util.Map;

/**
 * An error a client caused or must react to, rendered by {@link ErrorHandling} as
 * {@code {"error":"code","message":"...","fields":{...}}} with the given status and headers.
 */
public class ApiException extends RuntimeException {
    private final Status status;
    private final String code;
    private final Map<String, String> fields;
    private final Map<String, String> headers;

    public ApiException(Status status, String code, String message) {
        this(status, code, message, Map.of(), Map.of());
    }

    public ApiException(
            Status status, String code, String message, Map<String, String> fields, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.fields = Map.copyOf(fields);
        this.headers = Map.copyOf(headers);
    }

    public Status status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Per-field validation messages, empty unless the request body had invalid fields. */
    public Map<String, String> fields() {
        return fields;
    }

    /** Extra response headers, e.g. {@code Retry-After} or {@code WWW-Authenticate}. */
    public Map<String, String> headers() {
        return headers;
    }
}
