package dev.meridian.character.app;

public final class CharacterLimitException extends RuntimeException {
    public CharacterLimitException(int limit) {
        super("An account can have at most " + limit + " characters", null, false, false);
    }
}
