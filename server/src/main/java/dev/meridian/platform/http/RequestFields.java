package dev.meridian.platform.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Status;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The fields of a JSON request body, validated one by one: every problem is collected, and {@link #validate()}
 * reports them all at once as a 400 {@code validation_failed} with a message per field.
 */
public final class RequestFields {
    private final ObjectNode body;
    private final Map<String, String> problems = new LinkedHashMap<>();

    public RequestFields(ObjectNode body) {
        this.body = body;
    }

    /** A required string, converted by {@code parse} (empty: invalid, with {@code rule} as the field's message). */
    public <T> Optional<T> required(String name, Function<String, Optional<T>> parse, String rule) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            problems.put(name, "is required");
            return Optional.empty();
        }
        return convert(name, node, parse, rule);
    }

    /** An optional string: absent or null gives {@code fallback}. */
    public <T> Optional<T> optional(String name, Function<String, Optional<T>> parse, String rule, T fallback) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return Optional.of(fallback);
        }
        return convert(name, node, parse, rule);
    }

    /** Adds a problem found by the caller (e.g. a rule that depends on configuration). */
    public void problem(String name, String message) {
        problems.putIfAbsent(name, message);
    }

    /** @throws ApiException 400 with every field problem, when there is any */
    public void validate() {
        if (!problems.isEmpty()) {
            throw new ApiException(
                    Status.BAD_REQUEST_400,
                    "validation_failed",
                    "Some fields are invalid: " + String.join(", ", problems.keySet()),
                    problems,
                    Map.of());
        }
    }

    private <T> Optional<T> convert(String name, JsonNode node, Function<String, Optional<T>> parse, String rule) {
        if (!node.isTextual()) {
            problems.put(name, "must be a string");
            return Optional.empty();
        }
        Optional<T> value = parse.apply(node.textValue());
        if (value.isEmpty()) {
            problems.put(name, rule);
        }
        return value;
    }
}
