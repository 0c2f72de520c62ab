package dev.meridian.character.app;

import dev.meridian.character.domain.CharacterId;

/**
 * The world as the character use cases see it: a character that is about to be deleted is taken out of the world
 * first. The world module implements it; without a world (tools, tests) {@link #none()} does nothing.
 */
public interface CharacterPresence {

    /**
     * Takes the character out of the world if it is in it: its session is told {@code reason} (an error code such as
     * {@code character_deleted}) and closed, and its entity leaves. Returns at once when the character is not in the
     * world; never throws.
     */
    void remove(CharacterId character, String reason);

    static CharacterPresence none() {
        return (character, reason) -> {};
    }
}
