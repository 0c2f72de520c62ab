package dev.meridian.admin.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.meridian.admin.app.PlayerStatus;
import dev.meridian.admin.app.ZoneStatus;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** The admin API's bodies on the wire (docs/api.md, "Admin"): snake_case, null where a value is not known yet. */
final class AdminResponses {
    private AdminResponses() {}

    record Zones(List<Zone> zones) {
        static Zones of(List<ZoneStatus> zones) {
            return new Zones(zones.stream().map(Zone::of).toList());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Zone(String name, String node, int players, Double tickP99Ms, double tickBudgetMs) {
        static Zone of(ZoneStatus zone) {
            return new Zone(
                    zone.name(), zone.node(), zone.players(), boxed(zone.tickP99Millis()), zone.tickBudgetMillis());
        }
    }

    record Players(List<Player> players) {
        static Players of(List<PlayerStatus> players) {
            return new Players(players.stream().map(Player::of).toList());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Player(
            String characterId,
            String name,
            String accountId,
            String zone,
            Double x,
            Double y,
            String transport,
            String connectedSince,
            Integer rttMs) {
        static Player of(PlayerStatus p) {
            OptionalInt rtt = p.rttMs();
            return new Player(
                    p.character().toString(),
                    p.name(),
                    p.account().toString(),
                    p.zone(),
                    boxed(p.x()),
                    boxed(p.y()),
                    p.transport(),
                    p.connectedSince().toString(),
                    rtt.isPresent() ? rtt.getAsInt() : null);
        }
    }

    record Broadcast(int recipients) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Banned(String accountId, String until, int sessionsClosed) {}

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
