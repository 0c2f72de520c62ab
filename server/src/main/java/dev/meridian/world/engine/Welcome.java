package dev.meridian.world.engine;

import dev.meridian.character.domain.CharacterId;
import dev.meridian.world.domain.Portal;
import java.util.List;

/** What a player learns on entering a zone. Positions in fixed point, sizes and portals in world units. */
public record Welcome(
        int entityId,
        CharacterId character,
        String zone,
        int x,
        int y,
        long tick,
        int tickRate,
        int positionScale,
        int zoneWidth,
        int zoneHeight,
        List<Portal> portals) {}
