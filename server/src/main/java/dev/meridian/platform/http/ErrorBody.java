package dev.meridian.platform.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** The one error shape of the API (docs/api.md): {@code fields} appears only on validation errors. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(String error, String message, Map<String, String> fields) {
    public ErrorBody(String error, String message) {
        this(error, message, Map.of());
    }
}
