package dev.meridian.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestJsonTest {
    @Test
    void errorBodyBecomesCodeStatusAndFields() {
        MeridianApiException error = RestJson.error(400, Optional.empty(), """
                {"error":"validation_failed","message":"bad input","fields":{"password":"at least 12 characters"}}
                """);
        assertEquals(400, error.status());
        assertEquals("validation_failed", error.code());
        assertEquals("bad input", error.getMessage());
        assertEquals(Map.of("password", "at least 12 characters"), error.fields());
        assertFalse(error.retryable());
    }

    @Test
    void retryAfterIsKeptForRateLimits() {
        MeridianApiException error =
                RestJson.error(429, Optional.of("3"), "{\"error\":\"rate_limited\",\"message\":\"slow down\"}");
        assertTrue(error.retryable());
        assertEquals(Optional.of(Duration.ofSeconds(3)), error.retryAfter());
    }

    @Test
    void aBodyThatIsNotOurErrorShapeStillGivesACode() {
        MeridianApiException error = RestJson.error(502, Optional.empty(), "<html>bad gateway</html>");
        assertEquals("http_502", error.code());
        assertEquals(502, error.status());
        assertEquals(Optional.empty(), error.retryAfter());
    }

    @Test
    void mapsTokensAndCharacters() {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        AuthToken token = RestJson.token(
                RestJson.parse(
                        "{\"account_id\":\"a1\",\"access_token\":\"jwt\",\"token_type\":\"Bearer\",\"expires_in\":900}"),
                now);
        assertEquals(new AuthToken("a1", "jwt", now.plusSeconds(900)), token);
        assertTrue(token.expiresWithin(now.plusSeconds(880), 30));
        assertFalse(token.expiresWithin(now, 30));

        GameCharacter character = RestJson.character(RestJson.parse("""
                {"id":"c1","account_id":"a1","name":"Ada","class":"mage","level":1,"zone":"start","x":12.5,"y":-3,
                 "created_at":"2026-11-24T12:00:00Z","updated_at":"2026-11-24T12:00:01Z"}
                """));
        assertEquals(
                new GameCharacter("c1", "a1", "Ada", "mage", 1, "start", 12.5, -3, now, now.plusSeconds(1)), character);
    }

    @Test
    void requestBodiesAreJson() {
        assertEquals(
                RestJson.parse("{\"email\":\"a@b.c\",\"password\":\"p\\\"q\"}"),
                RestJson.parse(RestJson.credentials("a@b.c", "p\"q")));
        assertEquals(RestJson.parse("{\"name\":\"Ada\"}"), RestJson.parse(RestJson.newCharacter("Ada", "")));
    }
}
