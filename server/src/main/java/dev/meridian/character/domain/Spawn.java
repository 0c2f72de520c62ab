package dev.meridian.character.domain;

import java.util.Objects;

/** Where new characters appear: a zone and a point in world units. */
public record Spawn(String zone, double x, double y) {
    public Spawn {
        Objects.requireNonNull(zone, "zone");
        if (zone.isBlank() || !Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("a spawn needs a zone name and finite coordinates");
        }
    }
}
