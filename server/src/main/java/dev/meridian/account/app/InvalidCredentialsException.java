package dev.meridian.account.app;

public final class InvalidCredentialsException extends RuntimeException {
    public InvalidCredentialsException() {
        super("Invalid email or password", null, false, false);
    }
}
