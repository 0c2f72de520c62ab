package dev.meridian.account.app;

public final class AccountNotFoundException extends RuntimeException {
    public AccountNotFoundException() {
        super("No such account", null, false, false);
    }
}
