package dev.meridian.account.app;

/** Unknown, used, expired or revoked: deliberately one answer, the client logs in again in every case. */
public final class InvalidRefreshTokenException extends RuntimeException {
    public InvalidRefreshTokenException() {
        super("The refresh token is invalid, expired or revoked; log in again", null, false, false);
    }
}
