package dev.meridian.admin.app;

/** An admin action named something that does not exist (or is not online): 404. */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message, null, false, false);
    }
}
