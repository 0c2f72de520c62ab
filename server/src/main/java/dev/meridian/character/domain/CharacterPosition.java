package dev.meridian.character.domain;

import java.util.Objects;

/** Where a character stands, as saved: its zone and world units. */
public record CharacterPosition(CharacterId character, String zone, double x, double y) {
    public CharacterPosition {
        Objects.requireNonNull(character, "character");
        Objects.requireNonNull(zone, "zone");
    }
}
