package dev.meridian.account.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.meridian.account.app.Authentication;

/** The body of a successful register or login. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record TokenResponse(String accountId, String accessToken, String tokenType, long expiresIn) {
    static TokenResponse of(Authentication.Session session) {
        return new TokenResponse(
                session.account().toString(),
                session.token().token(),
                "Bearer",
                session.token().expiresIn().toSeconds());
    }
}
