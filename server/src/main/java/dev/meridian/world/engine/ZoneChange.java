package dev.meridian.world.engine;

import dev.meridian.world.domain.Portal;
import java.util.List;

/**
 * What a player learns when a portal took it into another zone: its new entity id, where it stands (fixed point), the
 * zone's size and portals (world units). Its next snapshot is full.
 */
public record ZoneChange(
        int entityId,
        String zone,
        String fromZone,
        int x,
        int y,
        long tick,
        int zoneWidth,
        int zoneHeight,
        List<Portal> portals) {}
