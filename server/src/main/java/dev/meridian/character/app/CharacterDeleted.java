package dev.meridian.character.app;

import dev.meridian.character.domain.Character;

/** The {@code data} of a {@code character.deleted} event (docs/events.md). */
public record CharacterDeleted(String characterId, String accountId, String name) {
    public static final String TYPE = "character.deleted";

    static CharacterDeleted of(Character c) {
        return new CharacterDeleted(
                c.id().toString(), c.accountId().toString(), c.name().value());
    }
}
