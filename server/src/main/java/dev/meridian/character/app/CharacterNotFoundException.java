package dev.meridian.character.app;

/** No such character, or not one of the caller's: deliberately the same answer. */
public final class CharacterNotFoundException extends RuntimeException {
    public CharacterNotFoundException() {
        super("No such character", null, false, false);
    }
}
