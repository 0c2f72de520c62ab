package dev.meridian.world.domain;

/** A character's position as persisted: zone and world units. */
public record StoredPosition(CharacterId character, String zone, double x, double y) {}
