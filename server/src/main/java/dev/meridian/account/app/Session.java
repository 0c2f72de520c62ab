package dev.meridian.account.app;

import dev.meridian.account.domain.AccountId;
import java.time.Duration;

/** What a login, a registration or a refresh gives the client: a short access token and a refresh token. */
public record Session(AccountId account, AccessTokens.IssuedToken access, RefreshToken refresh) {

    /** @param token the opaque refresh token; only its hash is stored, never log it */
    public record RefreshToken(String token, Duration expiresIn) {
        @Override
        public String toString() {
            return "RefreshToken[expiresIn=" + expiresIn + "]";
        }
    }
}
