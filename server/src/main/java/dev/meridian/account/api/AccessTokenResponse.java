package dev.meridian.account.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.meridian.account.app.AccessTokens;
import dev.meridian.account.domain.AccountId;

/** The body of a password change: a new access token; the caller's refresh token stays valid. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AccessTokenResponse(String accountId, String accessToken, String tokenType, long expiresIn) {
    static AccessTokenResponse of(AccountId account, AccessTokens.IssuedToken token) {
        return new AccessTokenResponse(
                account.toString(), token.token(), "Bearer", token.expiresIn().toSeconds());
    }
}
