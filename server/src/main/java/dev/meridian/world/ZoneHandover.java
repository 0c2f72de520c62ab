package dev.meridian.world;

import dev.meridian.character.domain.CharacterPosition;
import dev.meridian.world.cluster.Route;
import dev.meridian.world.cluster.ZoneOwnership;
import dev.meridian.world.engine.World;
import dev.meridian.world.engine.Zone;
import dev.meridian.world.net.Sessions;
import dev.meridian.world.persistence.PositionWriteBehind;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The graceful shutdown of a node of a cluster (docs/world.md, "Shutdown"): it stops its zones, writes where everyone
 * stands while it still holds the leases (fenced writes need them), gives the leases up so that other nodes, which
 * watch the bucket, take the zones at once, and redirects each zone's players to the node that took it. Players of a
 * zone nobody takes within {@code world.cluster.handover-wait} are left to the usual {@code server_shutdown}.
 */
final class ZoneHandover {
    private static final System.Logger LOG = System.getLogger(ZoneHandover.class.getName());
    /** How often the lease store is asked whether a released zone has a new owner yet. */
    private static final Duration POLL = Duration.ofMillis(20);

    private final ZoneOwnership ownership;
    private final World world;
    private final Sessions sessions;
    private final PositionWriteBehind positions;
    private final Duration wait;

    ZoneHandover(
            ZoneOwnership ownership, World world, Sessions sessions, PositionWriteBehind positions, Duration wait) {
        this.ownership = ownership;
        this.world = world;
        this.sessions = sessions;
        this.positions = positions;
        this.wait = wait;
    }

    void run() throws InterruptedException {
        sessions.refuseNew();
        ownership.stopTaking();
        List<String> stopped = new ArrayList<>();
        for (Zone zone : world.zones()) {
            long epoch = ownership.epoch(zone.name()).orElse(0);
            Optional<Zone> gone = world.unhost(zone.name());
            if (gone.isPresent()) {
                LOG.log(
                        Level.INFO,
                        "event=zone_stopped zone=" + zone.name() + " epoch=" + epoch + " node="
                                + ownership.self().id() + " reason=handover");
                List<CharacterPosition> last = gone.get().drainDirty();
                positions.save(last);
                stopped.add(zone.name());
            }
        }
        // written before the release: the next owner loads these rows, and only the lease's holder may write them
        if (!positions.flush()) {
            LOG.log(Level.WARNING, "event=position_flush_incomplete pending=" + positions.pendingCount());
        }
        stopped.forEach(ownership::release);
        redirectToNewOwners(stopped);
    }

    private void redirectToNewOwners(List<String> released) throws InterruptedException {
        Set<String> waiting = new LinkedHashSet<>(released);
        long started = System.nanoTime();
        long deadline = started + wait.toNanos();
        while (!waiting.isEmpty()) {
            for (String zone : List.copyOf(waiting)) {
                if (ownership.route(zone) instanceof Route.There there) {
                    int redirected = sessions.redirect(zone, there.owner());
                    waiting.remove(zone);
                    LOG.log(
                            Level.INFO,
                            "event=zone_handed_over zone=" + zone + " node="
                                    + ownership.self().id() + " to="
                                    + there.owner().id() + " redirected=" + redirected + " ms="
                                    + (System.nanoTime() - started) / 1_000_000);
                }
            }
            if (waiting.isEmpty() || System.nanoTime() - deadline >= 0) {
                break;
            }
            Thread.sleep(POLL);
        }
        if (!waiting.isEmpty()) {
            LOG.log(
                    Level.WARNING,
                    "event=zone_handover_unanswered zones=" + String.join(",", waiting) + " node="
                            + ownership.self().id() + " wait_ms=" + wait.toMillis());
        }
    }
}
