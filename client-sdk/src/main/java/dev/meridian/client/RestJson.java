package dev.meridian.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Mapping between the REST API's JSON bodies and the SDK's records. */
final class RestJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private RestJson() {}

    static String credentials(String email, String password) {
        ObjectNode body = MAPPER.createObjectNode().put("email", email).put("password", password);
        return body.toString();
    }

    static String refreshToken(String token) {
        return MAPPER.createObjectNode().put("refresh_token", token).toString();
    }

    static String passwordChange(String current, String next) {
        return MAPPER.createObjectNode()
                .put("current_password", current)
                .put("new_password", next)
                .toString();
    }

    static String rename(String name) {
        return MAPPER.createObjectNode().put("name", name).toString();
    }

    /** The refresh token of a register, login or refresh answer; empty from older servers that send none. */
    static Optional<String> refreshToken(JsonNode body) {
        String token = text(body, "refresh_token");
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    static String newCharacter(String name, String characterClass) {
        ObjectNode body = MAPPER.createObjectNode().put("name", name);
        if (!characterClass.isEmpty()) {
            body.put("class", characterClass);
        }
        return body.toString();
    }

    static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static AuthToken token(JsonNode body, Instant now) {
        return new AuthToken(
                text(body, "account_id"),
                text(body, "access_token"),
                now.plusSeconds(body.path("expires_in").asLong(0)));
    }

    static WorldEndpoint worldEndpoint(JsonNode body) {
        return WorldEndpoint.of(text(body, "websocket_url"), text(body, "grpc_target"));
    }

    static GameCharacter character(JsonNode body) {
        return new GameCharacter(
                text(body, "id"),
                text(body, "account_id"),
                text(body, "name"),
                text(body, "class"),
                body.path("level").asInt(0),
                text(body, "zone"),
                body.path("x").asDouble(0),
                body.path("y").asDouble(0),
                instant(body, "created_at"),
                instant(body, "updated_at"));
    }

    /** The server's error shape {@code {"error","message","fields"?}}; tolerant of proxies that answer in HTML. */
    static MeridianApiException error(HttpResponse<String> response) {
        return error(response.statusCode(), response.headers().firstValue("Retry-After"), response.body());
    }

    static MeridianApiException error(int status, Optional<String> retryAfterHeader, String text) {
        Duration retryAfter = retryAfterHeader.map(RestJson::seconds).orElse(Duration.ZERO);
        JsonNode body;
        try {
            body = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            body = MAPPER.createObjectNode();
        }
        if (body == null || !body.isObject()) {
            body = MAPPER.createObjectNode();
        }
        String code = body.path("error").asText("http_" + status);
        String message = body.path("message").asText("HTTP " + status);
        Map<String, String> fields = new LinkedHashMap<>();
        body.path("fields")
                .properties()
                .forEach(field -> fields.put(field.getKey(), field.getValue().asText()));
        return new MeridianApiException(status, code, message, fields, retryAfter, null);
    }

    static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            // an HTTP date is allowed too; a second is a safe reading of "soon"
            return Duration.ofSeconds(1);
        }
    }

    private static String text(JsonNode body, String field) {
        return body.path(field).asText("");
    }

    private static Instant instant(JsonNode body, String field) {
        try {
            return Instant.parse(body.path(field).asText(""));
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
