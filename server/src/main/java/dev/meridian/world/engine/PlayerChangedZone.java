package dev.meridian.world.engine;

/**
 * The {@code player.zone_changed} event: a player walked through a portal of {@code fromZone} and stands at (x, y)
 * of {@code zone} (world units). {@code tick} is the old zone's tick of the crossing.
 */
public record PlayerChangedZone(String characterId, String fromZone, String zone, double x, double y, long tick)
        implements WorldEvent {}
