package dev.meridian.character.app;

import dev.meridian.character.domain.Character;

/** The {@code data} of a {@code character.created} event (docs/events.md). */
public record CharacterCreated(
        String characterId, String accountId, String name, String characterClass, String zone, double x, double y) {
    public static final String TYPE = "character.created";

    static CharacterCreated of(Character c) {
        return new CharacterCreated(
                c.id().toString(),
                c.accountId().toString(),
                c.name().value(),
                c.characterClass().wireName(),
                c.zone(),
                c.x(),
                c.y());
    }
}
