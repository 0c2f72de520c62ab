package dev.meridian.character.app;

/** The account a character was to be created for no longer exists (its token was issued before it was deleted). */
public final class OwnerGoneException extends RuntimeException {
    public OwnerGoneException() {
        super("The account no longer exists", null, false, false);
    }
}
