package dev.meridian.world.engine;

/** The {@code player.moved} event: sampled, at most one per player per event interval. Position in world units. */
public record PlayerMoved(String characterId, String zone, double x, double y, long tick) implements WorldEvent {}
