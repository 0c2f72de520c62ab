package dev.meridian.account.app;

/** A bearer token that must not be accepted; the message is safe to show to the client. */
public final class InvalidTokenException extends RuntimeException {
    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
