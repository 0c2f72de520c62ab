package dev.meridian.client;

import java.util.List;

/**
 * The player walked through a portal into another zone (docs/protocol.md, "Zones and portals"). The view starts over:
 * the next snapshot is the whole view of the new zone. Moves keep their numbering.
 *
 * @param zone the zone the player is in now
 * @param fromZone the zone it came from
 * @param entityId the player's entity id in the new zone
 * @param x where it stands, world units
 * @param y where it stands, world units
 * @param tick the new zone's tick at the arrival (ticks count per zone)
 * @param zoneWidth the new zone's size in world units
 * @param zoneHeight the new zone's size in world units
 * @param portals the new zone's portals
 */
public record ZoneChange(
        String zone,
        String fromZone,
        int entityId,
        double x,
        double y,
        long tick,
        int zoneWidth,
        int zoneHeight,
        List<Portal> portals) {
    public ZoneChange {
        portals = List.copyOf(portals);
    }
}
