package dev.meridian.character.app;

public final class NameTakenException extends RuntimeException {
    public NameTakenException() {
        super("That character name is taken", null, false, false);
    }
}
