package dev.meridian.world.net;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.meridian.world.domain.ZoneDefinition;
import dev.meridian.world.engine.World;
import dev.meridian.world.engine.Zone;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v1/world/zones}: every zone of the world map with its size, the node that owns it, its players and the
 * 99th percentile of its recent ticks (docs/api.md). A zone that this node does not host has no owner here yet
 * ({@code null}); the leases of issue 11 will name it.
 */
public final class WorldZones implements HttpService {
    private static final ObjectMapper JSON =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final World world;
    private final String node;

    public WorldZones(World world, String node) {
        this.world = world;
        this.node = node;
    }

    record Listing(List<Row> zones) {}

    record Row(String id, int width, int height, String owner, Integer players, Double tickP99Ms) {}

    @Override
    public void routing(HttpRules rules) {
        rules.get("", this::answer);
    }

    private void answer(ServerRequest req, ServerResponse res) {
        List<Row> rows = world.map().zones().stream().map(this::row).toList();
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        try {
            res.send(JSON.writeValueAsBytes(new Listing(rows)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of records of strings and numbers is always JSON", e);
        }
    }

    private Row row(ZoneDefinition zone) {
        Optional<Zone> hosted = world.hosted(zone.id());
        if (hosted.isEmpty()) {
            return new Row(zone.id(), zone.width(), zone.height(), null, null, null);
        }
        var p99 = hosted.get().tickTimes().p99Millis();
        return new Row(
                zone.id(),
                zone.width(),
                zone.height(),
                node,
                hosted.get().population(),
                p99.isPresent() ? p99.getAsDouble() : null);
    }
}
