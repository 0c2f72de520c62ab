package dev.meridian.admin.adapters;

import dev.meridian.account.domain.AccountId;
import dev.meridian.admin.app.LiveWorld;
import dev.meridian.admin.app.PlayerStatus;
import dev.meridian.admin.app.ZoneStatus;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.world.engine.Placement;
import dev.meridian.world.engine.World;
import dev.meridian.world.engine.Zone;
import dev.meridian.world.net.OnlineSession;
import dev.meridian.world.net.Sessions;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The world of this node, as the admin console sees it: its zones' tick threads and its open sessions. */
public final class LocalWorld implements LiveWorld {
    private static final System.Logger LOG = System.getLogger(LocalWorld.class.getName());
    /** A zone answers a census at its next tick; one that does not within this is listed without positions. */
    private static final Duration CENSUS_WAIT = Duration.ofSeconds(2);

    private final World world;
    private final Sessions sessions;
    private final String node;

    public LocalWorld(World world, Sessions sessions, String node) {
        this.world = world;
        this.sessions = sessions;
        this.node = node;
    }

    @Override
    public List<ZoneStatus> zones() {
        return world.zones().stream()
                .map(zone -> new ZoneStatus(
                        zone.name(),
                        node,
                        zone.population(),
                        zone.tickTimes().p99Millis(),
                        zone.settings().tickNanos() / 1e6))
                .toList();
    }

    @Override
    public boolean hosts(String zone) {
        return world.zones().stream().anyMatch(z -> z.name().equals(zone));
    }

    @Override
    public List<PlayerStatus> players(Optional<String> zone) {
        Map<CharacterId, Placement> placed = new HashMap<>();
        for (Zone z : world.zones()) {
            if (zone.map(z.name()::equals).orElse(true)) {
                census(z).forEach(p -> placed.put(p.character(), p));
            }
        }
        List<PlayerStatus> players = new ArrayList<>();
        for (OnlineSession session : sessions.online()) {
            if (zone.map(session.zone()::equals).orElse(true)) {
                Optional<Placement> at = Optional.ofNullable(placed.get(new CharacterId(session.character())));
                players.add(new PlayerStatus(
                        session.character(),
                        at.map(Placement::name).orElse(session.name()),
                        session.account(),
                        session.zone(),
                        at.map(p -> OptionalDouble.of(p.x())).orElse(OptionalDouble.empty()),
                        at.map(p -> OptionalDouble.of(p.y())).orElse(OptionalDouble.empty()),
                        session.transport(),
                        session.connectedSince(),
                        session.rttMs()));
            }
        }
        return players;
    }

    private static List<Placement> census(Zone zone) {
        try {
            return zone.census().get(CENSUS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.log(Level.WARNING, "event=census_unanswered zone=" + zone.name());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    @Override
    public boolean kick(UUID character, String reason) {
        return sessions.kick(character, reason);
    }

    @Override
    public int broadcast(Optional<String> zone, String text) {
        return sessions.broadcast(zone, text);
    }

    @Override
    public int closeSessionsOf(AccountId account, String reason) {
        return sessions.banned(account, reason);
    }
}
