package dev.meridian.world.cluster;

import java.util.List;

/**
 * Which zones a node tries to own ({@code world.zones.host}: a list of zone names, or {@code *} for any zone of the
 * map) and how many at most ({@code world.zones.max}; 0: a node that owns none and only redirects its clients).
 */
public record HostedZones(List<String> host, int max) {
    public static final String ANY = "*";

    public HostedZones {
        host = List.copyOf(host);
        if (host.isEmpty()) {
            throw new IllegalArgumentException("world.zones.host must name at least one zone, or " + ANY);
        }
        if (max < 0) {
            throw new IllegalArgumentException("world.zones.max must not be negative: " + max);
        }
    }

    /** The zones of {@code map} to try, in the order to try them; a named zone the map does not have is an error. */
    public List<String> candidates(List<String> map) {
        if (host.contains(ANY)) {
            return List.copyOf(map);
        }
        List<String> unknown = host.stream().filter(zone -> !map.contains(zone)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("world.zones.host names zones the map does not have: " + unknown);
        }
        return host;
    }
}
