package dev.meridian.world.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The zones of the world and the portals between them (docs/world.md, "The world map"). Built once at start from
 * configuration; a map that contradicts itself (a portal into a zone that does not exist, a target point outside its
 * zone, a zone defined twice, a default zone that is not on it) is refused with a message that says where.
 */
public record WorldMap(List<ZoneDefinition> zones, String defaultZone) {

    public WorldMap {
        zones = List.copyOf(zones);
        Objects.requireNonNull(defaultZone, "defaultZone");
        Map<String, ZoneDefinition> byId = new LinkedHashMap<>();
        for (ZoneDefinition zone : zones) {
            if (byId.putIfAbsent(zone.id(), zone) != null) {
                throw new IllegalArgumentException("zone '" + zone.id() + "' is defined twice");
            }
        }
        if (!byId.containsKey(defaultZone)) {
            throw new IllegalArgumentException("the default zone '" + defaultZone + "' is not on the map");
        }
        for (ZoneDefinition zone : zones) {
            for (int i = 0; i < zone.portals().size(); i++) {
                Portal portal = zone.portals().get(i);
                ZoneDefinition target = byId.get(portal.toZone());
                String which = "portal " + i + " of zone '" + zone.id() + "'";
                if (target == null) {
                    throw new IllegalArgumentException(which + " leads to unknown zone '" + portal.toZone() + "'");
                }
                if (!target.contains(portal.to())) {
                    throw new IllegalArgumentException(which + " leads to " + portal.to() + ", outside zone '"
                            + target.id() + "' (" + target.width() + " x " + target.height() + ")");
                }
            }
        }
    }

    public Optional<ZoneDefinition> zone(String id) {
        return zones.stream().filter(zone -> zone.id().equals(id)).findFirst();
    }

    public ZoneDefinition defaultZoneDefinition() {
        return zone(defaultZone).orElseThrow();
    }
}
