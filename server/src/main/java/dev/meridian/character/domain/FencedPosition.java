package dev.meridian.character.domain;

import java.util.Objects;

/**
 * A position written by the holder of the lease {@code epoch} of zone {@code fencedBy}: it lands only while no newer
 * lease has fenced that zone (docs/architecture.md, "Zone ownership across nodes"). That zone is the position's own,
 * except for a portal crossing into a zone another node runs: the crossing is the old zone's last write of the row.
 */
public record FencedPosition(CharacterPosition position, String fencedBy, long epoch) {
    public FencedPosition {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(fencedBy, "fencedBy");
        if (epoch <= 0) {
            throw new IllegalArgumentException("epoch must be positive: " + epoch);
        }
    }

    /** A position written by the holder of its own zone's lease. */
    public FencedPosition(CharacterPosition position, long epoch) {
        this(position, position.zone(), epoch);
    }
}
