package dev.meridian.character.app;

import dev.meridian.character.domain.Character;
import dev.meridian.character.domain.CharacterName;

/** The {@code data} of a {@code character.renamed} event (docs/events.md). */
public record CharacterRenamed(String characterId, String accountId, String oldName, String name) {
    public static final String TYPE = "character.renamed";

    static CharacterRenamed of(CharacterName oldName, Character renamed) {
        return new CharacterRenamed(
                renamed.id().toString(),
                renamed.accountId().toString(),
                oldName.value(),
                renamed.name().value());
    }
}
