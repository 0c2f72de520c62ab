package dev.meridian.world;

import dev.meridian.world.cluster.OwnershipListener;
import dev.meridian.world.cluster.ZoneRouter;
import dev.meridian.world.engine.World;
import dev.meridian.world.engine.Zone;
import dev.meridian.world.engine.ZoneObserver;
import dev.meridian.world.net.Sessions;
import dev.meridian.world.persistence.PositionWriteBehind;
import java.time.Duration;
import java.util.function.Function;

/**
 * What a node of a cluster does as it gains and loses zones: a zone it takes is hosted fresh and starts ticking
 * (players load from Postgres as they join); a zone it loses stops at once and is hosted no more, its players are told to join again (which redirects them to
 * the new owner), and what it had not written yet is dropped, as the new owner's positions are the newer ones.
 */
final class ZoneHosting implements OwnershipListener {
    private final World world;
    private final Function<String, Zone> zones;
    private final ZoneObserver observer;
    private final Sessions sessions;
    private final PositionWriteBehind positions;
    private final Duration retryAfter;
    private final ZoneRouter router;

    /**
     * @param zones hosts a fresh zone of that name of the map in {@code world}
     * @param retryAfter when the players of a lost zone should join again
     * @param router whether this node still runs a zone, checked before each of its ticks
     */
    ZoneHosting(
            ZoneRouter router,
            World world,
            Function<String, Zone> zones,
            ZoneObserver observer,
            Sessions sessions,
            PositionWriteBehind positions,
            Duration retryAfter) {
        this.router = router;
        this.world = world;
        this.zones = zones;
        this.observer = observer;
        this.sessions = sessions;
        this.positions = positions;
        this.retryAfter = retryAfter;
    }

    @Override
    public void acquired(String zone, long epoch) {
        zones.apply(zone);
        world.open(zone, observer, () -> router.serves(zone));
    }

    @Override
    public void lost(String zone) {
        try {
            world.unhost(zone);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessions.zoneLost(zone, retryAfter);
        positions.discard(zone);
    }
}
