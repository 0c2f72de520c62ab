package dev.meridian.client.swarm;

import dev.meridian.client.CloseReason;
import dev.meridian.client.ConnectionStats;
import dev.meridian.client.EntityView;
import dev.meridian.client.MeridianClient;
import dev.meridian.client.ReconnectPolicy;
import dev.meridian.client.Transport;
import dev.meridian.client.WorldConnection;
import dev.meridian.client.WorldEndpoint;
import dev.meridian.client.WorldError;
import dev.meridian.client.WorldListener;
import dev.meridian.client.WorldOptions;
import dev.meridian.client.WorldView;
import dev.meridian.client.WorldWelcome;
import dev.meridian.client.ZoneChange;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One simulated player: its account and character, its world connection, and where it walks. Its callbacks run on
 * the shared I/O threads and only touch counters; its moves are sent from the swarm's one driver thread.
 */
final class Bot implements WorldListener {
    final int index;
    final String email;
    final String characterName;
    final MeridianClient client;

    private final SwarmMetrics metrics;
    private final MovePattern pattern;
    private final boolean observer;
    private final SplittableRandom random;
    private final MovePattern.Heading heading = new MovePattern.Heading();

    /** When the next move is due (System.nanoTime); read and written by the driver thread only, set before connect. */
    long nextMoveNanos;

    /** When this bot last received a snapshot (System.nanoTime), 0 before the first; kept by the observer only. */
    private volatile long lastSnapshotNanos;

    private volatile String characterId = "";
    private volatile WorldConnection world;
    private volatile boolean joined;
    private volatile boolean stopping;
    private volatile double x;
    private volatile double y;
    private volatile double zoneWidth;
    private volatile double zoneHeight;
    private volatile int viewSize;
    /** Portals walked through (I/O thread), and how many of them the driver thread has seen (it re-aims then). */
    private volatile int zoneChanges;

    private int zoneChangesSeen;

    /**
     * @param observer whether this bot keeps its whole view (to report how many entities one player sees); the
     *     others decode only their own position, which keeps the swarm's CPU low
     */
    Bot(
            int index,
            SwarmOptions options,
            MeridianClient client,
            SwarmMetrics metrics,
            MovePattern pattern,
            boolean observer) {
        this.index = index;
        this.email = options.email(index);
        this.characterName = options.characterName(index);
        this.client = client;
        this.metrics = metrics;
        this.pattern = pattern;
        this.observer = observer;
        this.random = new SplittableRandom(options.seed() * 1_000_003 + index);
    }

    void ready(String id) {
        characterId = id;
    }

    boolean isReady() {
        return !characterId.isEmpty();
    }

    boolean joined() {
        return joined;
    }

    int viewSize() {
        return viewSize;
    }

    void connect(Transport transport, Duration pingInterval) {
        world = client.connect(WorldOptions.builder(characterId)
                .transport(transport)
                .listener(this)
                .trackView(observer)
                .pingInterval(pingInterval)
                // a full server (server_full) or a lost connection: come back with backoff, as a real client does
                .reconnect(ReconnectPolicy.backoff())
                .build());
    }

    /** Sends the next move of the pattern (driver thread). */
    void move() {
        WorldConnection connection = world;
        if (connection == null || !joined) {
            return;
        }
        int changes = zoneChanges;
        if (changes != zoneChangesSeen) {
            // a waypoint of the old zone means nothing in the new one
            zoneChangesSeen = changes;
            heading.hasTarget = false;
        }
        MovePattern.Direction direction = pattern.next(x, y, zoneWidth, zoneHeight, heading, random);
        connection.move(direction.dx(), direction.dy());
    }

    /** When the observer last received a snapshot (System.nanoTime), 0 if never. */
    long lastSnapshotNanos() {
        return lastSnapshotNanos;
    }

    Optional<ConnectionStats> stats() {
        WorldConnection connection = world;
        return connection == null ? Optional.empty() : Optional.of(connection.stats());
    }

    /** Leaves the world; the close that follows is expected, not an error. */
    void stop() {
        stopping = true;
        WorldConnection connection = world;
        if (connection != null) {
            connection.close();
        }
    }

    @Override
    public void onWelcome(WorldWelcome welcome) {
        x = welcome.x();
        y = welcome.y();
        zoneWidth = welcome.zoneWidth();
        zoneHeight = welcome.zoneHeight();
        if (!joined) {
            joined = true;
            metrics.connected.incrementAndGet();
            metrics.joinedEver.incrementAndGet();
            metrics.tickRate(welcome.tickRate());
        }
    }

    @Override
    public void onZoneChanged(ZoneChange change) {
        // a portal took the bot to another zone: walk on there, towards a new waypoint of that zone
        x = change.x();
        y = change.y();
        zoneWidth = change.zoneWidth();
        zoneHeight = change.zoneHeight();
        zoneChanges++;
        metrics.zoneChanges.increment();
    }

    @Override
    public void onSnapshot(WorldView view) {
        EntityView self = view.self();
        x = self.x();
        y = self.y();
        if (observer) {
            viewSize = view.size();
            lastSnapshotNanos = System.nanoTime();
        }
    }

    @Override
    public void onInputAck(int seq, long latencyNanos) {
        metrics.inputAck(latencyNanos);
    }

    @Override
    public void onPong(long rttNanos) {
        metrics.rtt(rttNanos);
    }

    @Override
    public void onRedirect(String zone, WorldEndpoint to) {
        metrics.redirects.increment();
    }

    @Override
    public void onError(WorldError error) {
        metrics.error("world_error:" + error.code(), error.message() + " (cid " + error.cid() + ")");
    }

    @Override
    public void onClose(CloseReason reason) {
        boolean wasJoined = joined;
        joined = false;
        if (wasJoined) {
            metrics.connected.decrementAndGet();
        }
        if (!stopping) {
            String stage = wasJoined ? "disconnected:" : "connect_failed:";
            metrics.error(
                    stage + reason.kind().name().toLowerCase(Locale.ROOT) + ":" + reason.code(), reason.message());
            if (System.getenv("SWARM_DEBUG") != null) {
                System.err.println("DEBUG close " + reason);
            }
        }
    }
}
