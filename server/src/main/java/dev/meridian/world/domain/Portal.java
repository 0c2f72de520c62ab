package dev.meridian.world.domain;

import java.util.Objects;

/** Walking into {@code area} of its zone takes a player to {@code to} in the zone {@code toZone}. */
public record Portal(Area area, String toZone, Point to) {
    public Portal {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(toZone, "toZone");
        Objects.requireNonNull(to, "to");
    }
}
