package dev.meridian.character.domain;

import java.util.Objects;

/**
 * A position written by the holder of its zone's lease {@code epoch}: it lands only while no newer lease has fenced
 * the zone (docs/architecture.md, "Zone ownership across nodes").
 */
public record FencedPosition(CharacterPosition position, long epoch) {
    public FencedPosition {
        Objects.requireNonNull(position, "position");
        if (epoch <= 0) {
            throw new IllegalArgumentException("epoch must be positive: " + epoch);
        }
    }
}
