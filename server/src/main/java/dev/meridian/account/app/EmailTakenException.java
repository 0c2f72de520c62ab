package dev.meridian.account.app;

public final class EmailTakenException extends RuntimeException {
    public EmailTakenException() {
        super("An account with that email already exists", null, false, false);
    }
}
