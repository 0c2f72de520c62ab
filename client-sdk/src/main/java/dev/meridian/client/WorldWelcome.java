package dev.meridian.client;

import java.util.List;

/**
 * The server's answer to a successful join.
 *
 * @param entityId this player's entity id in the zone's view (ids are reused after an entity leaves)
 * @param characterId the character that joined
 * @param zone the zone's name
 * @param tick the server tick at the join
 * @param x position in world units
 * @param y position in world units
 * @param tickRate world ticks per second
 * @param serverTime server wall clock, milliseconds since the Unix epoch
 * @param positionScale fixed-point steps per world unit on the wire
 * @param zoneWidth zone size in world units
 * @param zoneHeight zone size in world units
 * @param portals the zone's portals (walking into one changes zone: {@link WorldListener#onZoneChanged})
 */
public record WorldWelcome(
        int entityId,
        String characterId,
        String zone,
        double x,
        double y,
        long tick,
        int tickRate,
        long serverTime,
        int positionScale,
        int zoneWidth,
        int zoneHeight,
        List<Portal> portals) {
    public WorldWelcome {
        portals = List.copyOf(portals);
    }
}
