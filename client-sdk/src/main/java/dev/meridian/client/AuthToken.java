package dev.meridian.client;

import java.time.Instant;

/**
 * An access token from register or login.
 *
 * @param accountId the account it belongs to
 * @param accessToken the bearer token (a JWT); never log it
 * @param expiresAt when the server stops accepting it
 */
public record AuthToken(String accountId, String accessToken, Instant expiresAt) {
    /**
     * Whether the token expires within {@code marginSeconds} of {@code now}.
     *
     * @param now the current time
     * @param marginSeconds how much life the token must have left
     * @return true when it should be renewed
     */
    public boolean expiresWithin(Instant now, long marginSeconds) {
        return !now.plusSeconds(marginSeconds).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "AuthToken{accountId=" + accountId + ", expiresAt=" + expiresAt + "}";
    }
}
