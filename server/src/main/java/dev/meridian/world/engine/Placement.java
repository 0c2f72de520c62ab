package dev.meridian.world.engine;

import dev.meridian.character.domain.CharacterId;

/** Where a player stood at the start of a tick, in world units: one line of a {@link Zone#census()}. */
public record Placement(CharacterId character, String name, double x, double y) {}
