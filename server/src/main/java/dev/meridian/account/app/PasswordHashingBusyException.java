package dev.meridian.account.app;

public final class PasswordHashingBusyException extends RuntimeException {
    public PasswordHashingBusyException() {
        super("Too many logins in progress", null, false, false);
    }
}
