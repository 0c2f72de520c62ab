package dev.meridian.client;

import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.Leave;
import dev.meridian.proto.world.v1.Move;
import dev.meridian.proto.world.v1.Ping;
import dev.meridian.proto.world.v1.PortalArea;
import dev.meridian.proto.world.v1.Redirect;
import dev.meridian.proto.world.v1.Resume;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.proto.world.v1.Welcome;
import dev.meridian.proto.world.v1.ZoneChanged;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A player in the world, over gRPC or WebSocket (see {@link Transport}); opened by
 * {@link MeridianClient#connect(WorldOptions)}.
 *
 * <p>It connects, joins the character, applies every snapshot to the view it hands to
 * {@link WorldListener#onSnapshot}, numbers moves, and measures input→ack latency and ping RTT. With a
 * {@link ReconnectPolicy} it comes back after a lost connection: it waits with backoff, takes a fresh access token
 * when the old one expired or was refused (from the refresh token; the password only once the refresh token is
 * refused), and <em>resumes</em>: it presents the last welcome's resume token, and the server gives back the same
 * entity, which waited in the world meanwhile, with move numbers going on (docs/protocol.md, "Resume"). When the
 * resume is refused (the wait was over) it joins the character anew on the same connection.
 *
 * <p>When several world nodes share the world, a join on a node that does not run the character's zone is answered
 * with a redirect: the connection follows it by itself to the node that does, with the same token and character (at
 * most {@link #MAX_REDIRECTS} in a row). After a lost connection it starts again from the server it was opened with,
 * which redirects it to wherever the zone runs by then. A zone that no node runs for the moment
 * ({@code zone_unavailable}) is joined again after the wait the server asks for (docs/protocol.md, "Redirects").
 *
 * <p>Thread-safe; no method blocks on the network: messages are queued and written by the transport's threads.
 */
public final class WorldConnection implements AutoCloseable {
    /** Redirects followed without a welcome in between; more means the nodes disagree, and the connection gives up. */
    public static final int MAX_REDIRECTS = 3;

    private final MeridianClient client;
    private final WorldOptions options;
    private final WorldListener listener;
    private final AckTracker acks = new AckTracker();
    private final AtomicInteger nextSeq = new AtomicInteger();
    private final AtomicInteger nextCid = new AtomicInteger();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final long origin = System.nanoTime();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder snapshotsIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder movesSent = new LongAdder();
    private final LongAdder redirects = new LongAdder();

    private volatile Attempt current;
    private volatile boolean joined;
    private volatile boolean closing;
    private volatile WorldWelcome welcome;
    private volatile long rttNanos;
    private volatile long reconnects;
    private volatile long resumes;
    private volatile long zoneChanges;
    /** The zone the player is in now: the welcome's, then each ZoneChanged's. */
    private volatile String zone = "";

    // guarded by this: touched by I/O callbacks of the current attempt and by the reconnect timer
    private ViewState view;
    private WorldView worldView;
    private String lastErrorCode = "";
    /** The last error's retry-after ({@code server_full}): the next try waits at least this long. */
    private Duration retryAfter = Duration.ZERO;

    private int failedAttempts;
    private int redirectsInARow;
    private boolean welcomedBefore;
    /** What the next connection presents to take the entity back; null: it joins. */
    private String resumeToken;
    /** The current connection sent Resume and has no answer yet. */
    private boolean resuming;

    private ScheduledFuture<?> pinger;

    private WorldConnection(MeridianClient client, WorldOptions options) {
        this.client = client;
        this.options = options;
        this.listener = options.listener();
    }

    static WorldConnection open(MeridianClient client, WorldOptions options) {
        WorldConnection connection = new WorldConnection(client, options);
        connection.attempt(false);
        return connection;
    }

    /**
     * Sends a movement intent: the direction (dx, dy), clamped by the server to length 1 and scaled by its speed.
     * It applies to the server's next tick only; to keep walking, send one per tick ({@link WorldWelcome#tickRate()}).
     *
     * @param dx the intent along x, any finite number
     * @param dy the intent along y, any finite number
     * @return the move's sequence number (increasing from 1), or 0 when not joined (nothing was sent)
     */
    public int move(double dx, double dy) {
        if (!Double.isFinite(dx) || !Double.isFinite(dy)) {
            throw new IllegalArgumentException("dx and dy must be finite");
        }
        Attempt attempt = current;
        if (!joined || attempt == null || attempt.link == null) {
            return 0;
        }
        int seq = nextSeq.incrementAndGet();
        acks.sent(seq, System.nanoTime());
        attempt.link.send(ClientMessage.newBuilder()
                .setMove(Move.newBuilder().setDx((float) dx).setDy((float) dy).setSeq(seq))
                .build());
        movesSent.increment();
        return seq;
    }

    /** Sends a ping; the pong's round trip goes to {@link WorldListener#onPong}. Returns false when not joined. */
    public boolean ping() {
        Attempt attempt = current;
        if (!joined || attempt == null || attempt.link == null) {
            return false;
        }
        attempt.link.send(ClientMessage.newBuilder()
                .setPing(Ping.newBuilder().setClientTime(micros()))
                .build());
        return true;
    }

    /** Whether the character is in the world now (welcomed and not disconnected). */
    public boolean joined() {
        return joined;
    }

    /** The latest welcome, once joined. */
    public Optional<WorldWelcome> welcome() {
        return Optional.ofNullable(welcome);
    }

    /** The zone the player is in now (empty before the first welcome); portals change it. */
    public String zone() {
        return zone;
    }

    /** The character this connection plays. */
    public String characterId() {
        return options.characterId();
    }

    /** Counters since the connection was opened. */
    public ConnectionStats stats() {
        return new ConnectionStats(
                movesSent.sum(),
                acks.samples(),
                acks.meanMillis(),
                acks.maxMillis(),
                rttNanos / 1e6,
                messagesIn.sum(),
                snapshotsIn.sum(),
                bytesIn.sum(),
                reconnects,
                resumes,
                redirects.sum(),
                zoneChanges);
    }

    /**
     * Leaves the world (the server saves the position) and closes the connection; no reconnect follows. The listener
     * gets {@code onClose} with {@link CloseReason.Kind#CLIENT_CLOSED} before this returns. Idempotent.
     */
    @Override
    public void close() {
        closing = true;
        Attempt attempt = current;
        if (attempt != null && attempt.link != null) {
            if (joined) {
                attempt.link.send(ClientMessage.newBuilder()
                        .setLeave(Leave.getDefaultInstance())
                        .build());
            }
            attempt.link.close();
        }
        joined = false;
        synchronized (this) {
            stopPinging();
        }
        finish(new CloseReason(CloseReason.Kind.CLIENT_CLOSED, "closed", "closed by the client", false));
    }

    private void attempt(boolean forceLogin) {
        client.freshToken(forceLogin).whenComplete((token, failure) -> {
            if (closing) {
                return;
            }
            if (failure != null) {
                lost(renewalFailed(failure));
                return;
            }
            client.worldEndpoint().whenComplete((endpoint, unknown) -> {
                if (closing) {
                    return;
                }
                if (unknown != null) {
                    lost(new CloseReason(
                            CloseReason.Kind.CONNECT_FAILED, "world_unknown", String.valueOf(unknown), false));
                    return;
                }
                open(endpoint, token.accessToken());
            });
        });
    }

    /**
     * No access token could be had: the server's refusal code when it answered (e.g. {@code banned},
     * {@code invalid_credentials}: final), else {@code login_failed} (the REST server unreachable: tried again).
     */
    static CloseReason renewalFailed(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String code = cause instanceof MeridianApiException refused && refused.status() != 0
                ? refused.code()
                : "login_failed";
        return new CloseReason(CloseReason.Kind.AUTH_FAILED, code, String.valueOf(cause.getMessage()), false);
    }

    private void open(WorldEndpoint endpoint, String accessToken) {
        Attempt attempt = new Attempt(accessToken);
        current = attempt;
        switch (options.transport()) {
            case GRPC -> GrpcLink.open(client.resources(), endpoint, accessToken, attempt);
            case WEBSOCKET -> WebSocketLink.open(client.resources(), endpoint, accessToken, false, attempt);
            case WEBSOCKET_JSON -> WebSocketLink.open(client.resources(), endpoint, accessToken, true, attempt);
        }
    }

    private synchronized void handle(ServerMessage message) {
        switch (message.getKindCase()) {
            case WELCOME -> welcomed(message.getWelcome());
            case ZONE_CHANGED -> zoneChanged(message.getZoneChanged());
            case SNAPSHOT -> {
                if (view != null) {
                    view.apply(message.getSnapshot());
                    snapshotApplied();
                }
            }
            case PONG -> {
                rttNanos = (micros() - message.getPong().getClientTime()) * 1000;
                listener.onPong(rttNanos);
            }
            case REDIRECT -> redirected(message.getRedirect());
            case ERROR -> {
                lastErrorCode = message.getError().getCode();
                retryAfter = Duration.ofMillis(message.getError().getRetryAfterMs());
                if (!joined && "zone_unavailable".equals(lastErrorCode)) {
                    // the session stays open: join again once another node may run the zone
                    joinAgainLater(current, retryAfter);
                }
                if (resuming && "resume_refused".equals(lastErrorCode)) {
                    // the entity is gone (the wait was over): join anew on this same connection
                    resuming = false;
                    resumeToken = null;
                    Attempt attempt = current;
                    if (attempt != null && attempt.link != null) {
                        attempt.link.send(joinMessage());
                    }
                }
                listener.onError(new WorldError(
                        lastErrorCode,
                        message.getError().getMessage(),
                        message.getError().getCid(),
                        retryAfter));
            }
            case NOTICE ->
                listener.onNotice(new WorldNotice(
                        message.getNotice().getText(),
                        Instant.ofEpochMilli(message.getNotice().getServerTime())));
            case KIND_NOT_SET -> {
                // a message kind newer than this SDK: ignoring it keeps old clients working with new servers
            }
        }
    }

    private synchronized void handleBytes(Attempt attempt, Link from, byte[] bytes) {
        try {
            if (view != null && !view.tracksAll() && LeanSnapshotReader.isSnapshot(bytes)) {
                LeanSnapshotReader.apply(bytes, view);
                snapshotApplied();
            } else {
                handle(ServerMessage.parseFrom(bytes));
            }
        } catch (IOException e) {
            // covers InvalidProtocolBufferException: a server speaking another protocol version
            from.close();
            attempt.closed(
                    from,
                    new CloseReason(
                            CloseReason.Kind.TRANSPORT_ERROR, "bad_message", String.valueOf(e.getMessage()), false));
        }
    }

    /** The server that answered the join does not run the zone: connect to the one that does, same token. */
    private void redirected(Redirect redirect) {
        Attempt attempt = current;
        if (attempt == null) {
            return;
        }
        try {
            WorldEndpoint target = WorldEndpoint.of(redirect.getWebsocketUrl(), redirect.getGrpcTarget());
            if (++redirectsInARow > MAX_REDIRECTS) {
                giveUp(new CloseReason(
                        CloseReason.Kind.SERVER_CLOSED,
                        "too_many_redirects",
                        MAX_REDIRECTS + " redirects without a welcome, the last to " + target.websocket(),
                        false));
            } else {
                redirects.increment();
                // a resume token only works on the node that issued it: the new node loads the character instead
                resumeToken = null;
                listener.onRedirect(redirect.getZone(), target);
                open(target, attempt.accessToken);
            }
        } catch (IllegalArgumentException e) {
            giveUp(new CloseReason(CloseReason.Kind.SERVER_CLOSED, "bad_redirect", e.getMessage(), false));
        } finally {
            // after the switch: the old link's close is then an event of an attempt that is no longer current
            if (attempt.link != null) {
                attempt.link.close();
            }
        }
    }

    private void giveUp(CloseReason reason) {
        joined = false;
        stopPinging();
        finish(reason);
    }

    private void joinAgainLater(Attempt attempt, Duration wait) {
        Runnable again = () -> {
            synchronized (this) {
                if (current == attempt && !joined && !closing && attempt.link != null) {
                    attempt.link.send(joinMessage());
                }
            }
        };
        client.resources().schedule(again, Math.max(1, wait.toMillis()));
    }

    private void welcomed(Welcome message) {
        int scale = message.getPositionScale() > 0 ? message.getPositionScale() : 1;
        view = new ViewState(options.trackView());
        view.reset(
                message.getEntityId(),
                message.getCharacterId(),
                message.getX(),
                message.getY(),
                message.getTick() & 0xffffffffL);
        worldView = new WorldView(view, scale);
        if (welcomedBefore) {
            reconnects++;
            if (resuming) {
                resumes++;
            }
        }
        resuming = false;
        resumeToken = message.getResumeToken().isEmpty() ? null : message.getResumeToken();
        welcomedBefore = true;
        redirectsInARow = 0;
        failedAttempts = 0;
        lastErrorCode = "";
        retryAfter = Duration.ZERO;
        acks.restart();
        welcome = new WorldWelcome(
                message.getEntityId(),
                message.getCharacterId(),
                message.getZone(),
                message.getX() / (double) scale,
                message.getY() / (double) scale,
                message.getTick() & 0xffffffffL,
                message.getTickRate(),
                message.getServerTime(),
                scale,
                message.getZoneWidth(),
                message.getZoneHeight(),
                portals(message.getPortalsList(), scale));
        zone = message.getZone();
        joined = true;
        startPinging();
        listener.onWelcome(welcome);
    }

    private void zoneChanged(ZoneChanged message) {
        if (view == null || welcome == null) {
            return;
        }
        int scale = welcome.positionScale();
        // a new zone, a new entity id: the view starts over and the next snapshot is full
        view.reset(
                message.getEntityId(),
                view.self().characterId,
                message.getX(),
                message.getY(),
                message.getTick() & 0xffffffffL);
        zone = message.getZone();
        zoneChanges++;
        listener.onZoneChanged(new ZoneChange(
                message.getZone(),
                message.getFromZone(),
                message.getEntityId(),
                message.getX() / (double) scale,
                message.getY() / (double) scale,
                message.getTick() & 0xffffffffL,
                message.getZoneWidth(),
                message.getZoneHeight(),
                portals(message.getPortalsList(), scale)));
    }

    static List<Portal> portals(List<PortalArea> areas, int scale) {
        return areas.stream()
                .map(area -> new Portal(
                        area.getToZone(),
                        area.getX() / (double) scale,
                        area.getY() / (double) scale,
                        area.getWidth() / (double) scale,
                        area.getHeight() / (double) scale))
                .toList();
    }

    private void snapshotApplied() {
        snapshotsIn.increment();
        acks.acked(view.ackSeq(), System.nanoTime(), listener::onInputAck);
        listener.onSnapshot(worldView);
    }

    private synchronized void waitAtLeast(Duration wait) {
        retryAfter = wait;
    }

    private synchronized void lost(CloseReason reason) {
        joined = false;
        stopPinging();
        if (closing) {
            return;
        }
        ReconnectPolicy policy = options.reconnect();
        // a refused token only gets better by logging in again, which needs the credentials
        boolean renewable = reason.kind() != CloseReason.Kind.AUTH_FAILED || client.canRenewToken();
        boolean retry = policy.enabled()
                && renewable
                && !reason.endsForGood(lastErrorCode)
                && (policy.maxAttempts() == 0 || failedAttempts < policy.maxAttempts());
        if (!retry) {
            finish(reason);
            return;
        }
        failedAttempts++;
        long delay = policy.delay(failedAttempts).toMillis();
        // jitter: a restarted server is not hit by every client in the same millisecond
        long jittered = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
        if (retryAfter.toMillis() > jittered) {
            // a full server said when: never sooner, and spread over half as long again so its crowd trickles in
            long after = retryAfter.toMillis();
            jittered = after + ThreadLocalRandom.current().nextLong(after / 2 + 1);
        }
        retryAfter = Duration.ZERO;
        boolean relogin = reason.kind() == CloseReason.Kind.AUTH_FAILED;
        listener.onClose(reason.reconnecting(true));
        if (!client.resources().schedule(() -> attempt(relogin), jittered)) {
            // the resources were closed under us: nothing can reconnect any more
            finish(reason);
        }
    }

    private void finish(CloseReason reason) {
        if (finished.compareAndSet(false, true)) {
            current = null;
            listener.onClose(reason);
        }
    }

    private void startPinging() {
        stopPinging();
        long every = options.pingInterval().toMillis();
        if (every > 0) {
            pinger = client.resources().scheduleEvery(this::ping, every).orElse(null);
        }
    }

    private void stopPinging() {
        if (pinger != null) {
            pinger.cancel(false);
            pinger = null;
        }
    }

    private synchronized ClientMessage firstMessage() {
        resuming = resumeToken != null;
        return resuming
                ? ClientMessage.newBuilder()
                        .setCid(nextCid.incrementAndGet())
                        .setResume(Resume.newBuilder().setToken(resumeToken))
                        .build()
                : joinMessage();
    }

    private ClientMessage joinMessage() {
        return ClientMessage.newBuilder()
                .setCid(nextCid.incrementAndGet())
                .setJoin(Join.newBuilder().setCharacterId(options.characterId()))
                .build();
    }

    private long micros() {
        return (System.nanoTime() - origin) / 1000;
    }

    /** One connection attempt; events of attempts that are no longer current are ignored. */
    private final class Attempt implements Link.Events {
        private volatile Link link;
        private final AtomicBoolean over = new AtomicBoolean();
        /** The token this attempt connected with: a redirect presents it to the next node. */
        private final String accessToken;

        private Attempt(String accessToken) {
            this.accessToken = accessToken;
        }

        @Override
        public void opened(Link opened) {
            link = opened;
            if (current != this || closing) {
                opened.close();
                return;
            }
            opened.send(firstMessage());
        }

        @Override
        public void received(Link from, byte[] message) {
            if (current == this) {
                messagesIn.increment();
                bytesIn.add(message.length);
                handleBytes(this, from, message);
            }
        }

        @Override
        public void decoded(Link from, ServerMessage message, int bytes) {
            if (current == this) {
                messagesIn.increment();
                bytesIn.add(bytes);
                handle(message);
            }
        }

        @Override
        public void toldToWait(Duration wait) {
            if (current == this) {
                waitAtLeast(wait);
            }
        }

        @Override
        public void closed(Link from, CloseReason reason) {
            if (over.compareAndSet(false, true) && current == this) {
                lost(reason);
            }
        }
    }
}
