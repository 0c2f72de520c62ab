package dev.meridian.account.app;

/** The current password given to a password change is not the account's. */
public final class WrongPasswordException extends RuntimeException {
    public WrongPasswordException() {
        super("The current password is not correct", null, false, false);
    }
}
