package dev.meridian.world.domain;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One zone of the world map: its size in world units, where characters appear when they have no usable position in
 * it, and its portals. The whole map is checked by {@link WorldMap}; this checks what one zone can say about itself.
 */
public record ZoneDefinition(String id, int width, int height, Point spawn, List<Portal> portals) {
    /** Zone ids name threads, metric tags and log fields: short, and nothing to quote. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public static final int MAX_SIZE = 100_000;

    public ZoneDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spawn, "spawn");
        portals = List.copyOf(portals);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("zone id '" + id + "' must be 1 to 32 letters, digits, '_' or '-'");
        }
        if (width < 1 || height < 1 || width > MAX_SIZE || height > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "zone '" + id + "' is " + width + " x " + height + "; its size must be within 1.." + MAX_SIZE);
        }
        if (!contains(spawn, width, height)) {
            throw new IllegalArgumentException("the spawn point " + spawn + " of zone '" + id + "' lies outside it ("
                    + width + " x " + height + ")");
        }
        for (int i = 0; i < portals.size(); i++) {
            Area area = portals.get(i).area();
            if (!area.within(width, height)) {
                throw new IllegalArgumentException("portal " + i + " of zone '" + id + "' (" + area
                        + ") lies outside the zone (" + width + " x " + height + ")");
            }
        }
    }

    /** Whether {@code point} lies in the zone (edges included: positions are clamped to [0, width] × [0, height]). */
    public boolean contains(Point point) {
        return contains(point, width, height);
    }

    private static boolean contains(Point point, int width, int height) {
        return point.x() >= 0 && point.y() >= 0 && point.x() <= width && point.y() <= height;
    }
}
