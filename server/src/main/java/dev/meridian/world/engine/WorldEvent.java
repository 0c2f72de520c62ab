package dev.meridian.world.engine;

/** What the engine tells the rest of the system about players (docs/events.md), through {@link ZoneEvents}. */
public sealed interface WorldEvent permits PlayerMoved, PlayerChangedZone {}
