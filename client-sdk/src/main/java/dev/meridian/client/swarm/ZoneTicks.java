package dev.meridian.client.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.OptionalDouble;

/**
 * The busiest zone's tick p99 as the server keeps it for {@code GET /v1/world/zones}: exact, over each zone's last
 * 1,200 ticks (a minute at 20 Hz). Read at the end of a window of a minute or more, it is the window's own; the
 * Prometheus summary ({@link ServerMetrics}) decays over a longer span and its buckets are coarse around 10 ms, where
 * the spread target lies. Zones this server does not own have no figure and are skipped.
 */
final class ZoneTicks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ZoneTicks() {}

    /** The largest tick p99 in milliseconds over the zones this server runs; empty if it lists none. */
    static OptionalDouble scrapeP99(String server) {
        return ServerGet.text(server, "/v1/world/zones", "application/json")
                .map(ZoneTicks::parseP99)
                .orElse(OptionalDouble.empty());
    }

    static OptionalDouble parseP99(String json) {
        JsonNode zones;
        try {
            zones = JSON.readTree(json).path("zones");
        } catch (IOException e) {
            return OptionalDouble.empty();
        }
        OptionalDouble largest = OptionalDouble.empty();
        for (JsonNode zone : zones) {
            JsonNode p99 = zone.path("tick_p99_ms");
            if (p99.isNumber() && (largest.isEmpty() || p99.asDouble() > largest.getAsDouble())) {
                largest = OptionalDouble.of(p99.asDouble());
            }
        }
        return largest;
    }
}
