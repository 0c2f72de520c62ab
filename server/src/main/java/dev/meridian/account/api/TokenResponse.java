package dev.meridian.account.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.meridian.account.app.Session;

/** The body of a successful register, login or refresh. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record TokenResponse(
        String accountId,
        String accessToken,
        String tokenType,
        long expiresIn,
        String refreshToken,
        long refreshExpiresIn) {
    static TokenResponse of(Session session) {
        return new TokenResponse(
                session.account().toString(),
                session.access().token(),
                "Bearer",
                session.access().expiresIn().toSeconds(),
                session.refresh().token(),
                session.refresh().expiresIn().toSeconds());
    }
}
