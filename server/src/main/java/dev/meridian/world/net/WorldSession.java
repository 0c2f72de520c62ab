package dev.meridian.world.net;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.platform.logging.KeyValueFormatter;
import dev.meridian.platform.logging.ThrottledLog;
import dev.meridian.platform.ratelimit.TokenBucket;
import dev.meridian.world.cluster.Route;
import dev.meridian.world.cluster.WorldNode;
import dev.meridian.world.domain.PlayerCharacter;
import dev.meridian.world.engine.Command;
import dev.meridian.world.engine.CrossingWrite;
import dev.meridian.world.engine.PortalHold;
import dev.meridian.world.engine.ViewUpdate;
import dev.meridian.world.engine.Viewer;
import dev.meridian.world.engine.Welcome;
import dev.meridian.world.engine.World;
import dev.meridian.world.engine.Zone;
import dev.meridian.world.engine.ZoneChange;
import io.netty.buffer.ByteBuf;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connected client, whatever its transport: validates and budgets what it sends, turns it into engine commands,
 * and owns the bounded outbox that its connection's event loop drains. Inbound frames arrive on that event loop;
 * snapshots are encoded by the tick's fan-out threads straight into pooled buffers and handed to the loop in batches
 * ({@link Outlet}). Nothing here blocks: a join's character lookup runs on a virtual thread of its own, and frames
 * that arrive meanwhile wait for it in order.
 */
final class WorldSession implements Viewer {
    private static final System.Logger LOG = System.getLogger(WorldSession.class.getName());
    /** While Postgres is away every join fails the same way: one line a minute, with how many it stands for. */
    private static final ThrottledLog JOIN_FAILURES = new ThrottledLog(LOG, Duration.ofMinutes(1));

    private final Gateway gateway;
    private final AccountId account;
    /** What the join spans continue (docs/operations.md, "Tracing"). */
    private final Context trace;
    /** {@code world.join} and its {@code world.zone_enter}, from the Join until the welcome (or the end). */
    private volatile Span joinSpan = Span.getInvalid();

    private volatile Span enterSpan = Span.getInvalid();
    private final Transport transport;
    private final WireFormat format;
    private final String transportName;
    private final Instant connectedSince;
    private final WorldMetrics.Traffic traffic;
    private final Outbox outbox;
    private final Outlet outlet;
    /** {@link #flushOutbox}, made once: it is handed to the outlet on every tick with frames. */
    private final Runnable flush = this::flushOutbox;

    private final TokenBucket budget;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean fullRequested = new AtomicBoolean();
    /** Whether this session holds one of the world's seats ({@link Admission}): from its Join until it closes. */
    private final AtomicBoolean seated = new AtomicBoolean();

    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicInteger queuedCommands = new AtomicInteger();
    /** Where this session's commands go: the zone of its entity, changed by a portal crossing on the tick thread. */
    private volatile Zone zone;
    /** Set on closing once it is decided that the entity leaves rather than waits for a resume. */
    private volatile boolean leaving;
    /** The character this session plays, once joined. */
    private volatile UUID playing;
    /** Its name, for the admin console; empty after a Resume (the zone's census knows it). */
    private volatile String playingName = "";
    /** What the client's last ping reported, 0 until one did. */
    private volatile int rttMs;
    /** The resume token of the last Welcome; guarded by {@code this} (the tick thread issues, any thread closes). */
    private ResumeTickets.Ticket ticket;
    /** The correlation id of the Resume in flight, for the zone's refusal. */
    private volatile int resumeCid;

    private volatile long lastInbound;
    /** When a session that plays no character by then is closed ({@code world.session.join-timeout}). */
    private final long joinDeadline;
    /** A Join's character lookup is under way: the session is about to play. */
    private volatile boolean joinInFlight;

    private volatile boolean aborted;
    /** Event loop only: frames that arrived while a join looked its character up. */
    private ArrayDeque<byte[]> heldWhileJoining;

    private boolean transportClosed;
    /** The event loop while it handles one of the client's frames: answers to it may be written out at once. */
    private Thread answering;

    WorldSession(Gateway gateway, Caller caller, Transport transport, WireFormat format, String transportName) {
        this.gateway = gateway;
        this.account = caller.account();
        this.trace = caller.trace();
        this.transport = transport;
        this.format = format;
        this.transportName = transportName;
        this.connectedSince = Instant.ofEpochMilli(gateway.wallClockMillis().getAsLong());
        this.traffic = gateway.metrics().traffic(transportName);
        this.outbox = new Outbox(gateway.settings().outboundQueue());
        this.outlet = Outlet.of(transport.executor(), gateway.admission().lag());
        long now = System.nanoTime();
        this.budget = TokenBucket.perSecond(
                gateway.settings().messagesPerSecond(), gateway.settings().messageBurst(), now);
        this.lastInbound = now;
        this.joinDeadline = now + gateway.settings().joinTimeout().toNanos();
    }

    /** Registers the session; one opened while the server drains is closed at once. */
    void start() {
        gateway.sessions().transportOpened();
        if (!gateway.sessions().add(this)) {
            close(CloseReason.SERVER_SHUTDOWN);
        }
    }

    /** A whole inbound frame, on the connection's event loop. */
    void receive(byte[] frame) {
        if (closed.get()) {
            return;
        }
        long now = System.nanoTime();
        lastInbound = now;
        traffic.inbound(frame.length);
        if (frame.length > gateway.settings().maxFrameBytes()) {
            close(CloseReason.FRAME_TOO_LARGE);
            return;
        }
        if (!budget.tryTake(now)) {
            close(CloseReason.RATE_LIMITED);
            return;
        }
        if (heldWhileJoining != null) {
            heldWhileJoining.addLast(frame);
            return;
        }
        handle(frame);
    }

    private void handle(byte[] frame) {
        answering = Thread.currentThread();
        try {
            switch (format.decode(frame)) {
                case ClientRequest.Join join -> join(join);
                case ClientRequest.Resume resume -> resume(resume);
                case ClientRequest.Move move -> move(move);
                case ClientRequest.Ping ping -> {
                    rttMs = Math.max(0, ping.rttMs());
                    send(format.pong(
                            ping.clientTime(),
                            gateway.wallClockMillis().getAsLong(),
                            zone == null ? 0 : zone.currentTick()));
                }
                case ClientRequest.Leave leave -> close(CloseReason.LEFT);
                case ClientRequest.Invalid invalid -> error("invalid_message", invalid.reason(), invalid.cid());
            }
        } finally {
            answering = null;
        }
    }

    /** Transport-level keepalive (a WebSocket ping frame): the client is there. */
    void touch() {
        lastInbound = System.nanoTime();
    }

    /** The transport saw a frame larger than the limit (and did not buffer it). */
    void refuseOversized() {
        traffic.inbound(gateway.settings().maxFrameBytes() + 1);
        close(CloseReason.FRAME_TOO_LARGE);
    }

    /** The transport saw the client go away (or fail): nothing more can be sent. */
    void disconnected(CloseReason reason) {
        outbox.discard(reason);
        close(reason);
    }

    private void join(ClientRequest.Join join) {
        if (zone != null) {
            error("already_joined", "this session already plays a character", join.cid());
            return;
        }
        if (joinsTooOften()) {
            return;
        }
        if (gateway.admission().lagging() || !takeSeat() || !gateway.admission().enqueue()) {
            close(CloseReason.SERVER_FULL);
            return;
        }
        // the lookup may wait for the database: never on the event loop, and later frames wait their turn
        heldWhileJoining = new ArrayDeque<>();
        joinInFlight = true;
        Span joining = gateway.tracing().start("world.join", trace);
        joinSpan = joining;
        gateway.admission().startJoin(() -> {
            Span load = gateway.tracing()
                    .start("world.character_load", Context.root().with(joining));
            Runnable outcome;
            Scope scope = load.makeCurrent();
            try {
                outcome = lookUp(join);
            } finally {
                scope.close();
                load.end();
            }
            transport.executor().execute(() -> {
                outcome.run();
                joinInFlight = false;
                replayHeldFrames();
            });
        });
    }

    /** Closes the session {@code rate_limited} when its account joins (or resumes) more often than it may. */
    private boolean joinsTooOften() {
        Optional<Duration> wait = gateway.limits().join(account);
        wait.ifPresent(duration -> close(CloseReason.RATE_LIMITED, "too many joins for this account", duration));
        return wait.isPresent();
    }

    private boolean takeSeat() {
        if (!gateway.admission().seat()) {
            return false;
        }
        seated.set(true);
        if (closed.get()) {
            // closed meanwhile (sweeper, shutdown): its close may have looked before the seat was taken
            releaseSeat();
        }
        return true;
    }

    private void releaseSeat() {
        if (seated.compareAndSet(true, false)) {
            gateway.admission().unseat();
        }
    }

    /**
     * On a virtual thread: finds the character when the join queue lets it; returns what the event loop does with the
     * answer.
     */
    private Runnable lookUp(ClientRequest.Join join) {
        Optional<Optional<PlayerCharacter>> looked;
        try {
            Optional<CharacterId> id = CharacterId.parse(join.characterId());
            looked = gateway.admission()
                    .lookUp(() -> id.flatMap(gateway.characters()::find).filter(found -> found.ownedBy(account)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            looked = Optional.empty();
        } catch (RuntimeException e) {
            gateway.metrics().persistenceFailed("join_lookup");
            JOIN_FAILURES.warn("event=join_lookup_failed error=" + KeyValueFormatter.quote(e));
            releaseSeat();
            return () -> refuseJoin("unavailable", "characters cannot be read right now, try again", join.cid());
        }
        if (looked.isEmpty()) {
            releaseSeat();
            return () -> error("unavailable", "too many joins are waiting for the database, try again", join.cid());
        }
        Optional<PlayerCharacter> character = looked.get();
        if (character.isEmpty()) {
            releaseSeat();
            // the same answer for "does not exist" and "belongs to someone else": no information leaks
            return () -> refuseJoin("not_found", "no such character", join.cid());
        }
        PlayerCharacter player = character.get();
        PlayerCharacter latest = gateway.positions()
                .unwritten(player.id())
                .map(position -> player.at(position.zone(), position.x(), position.y()))
                .orElse(player);
        Route route = gateway.router().route(gateway.world().entryZone(latest));
        if (!(route instanceof Route.Here)) {
            releaseSeat();
        }
        return switch (route) {
            case Route.Here here -> () -> enter(latest, join.cid());
            case Route.There there -> () -> redirect(there);
            case Route.Nowhere nowhere ->
                () -> refuseJoin(
                        "zone_unavailable",
                        "no node runs zone " + nowhere.zone() + " right now, try again",
                        join.cid(),
                        nowhere.retryAfter());
        };
    }

    private void redirect(Route.There there) {
        redirect(there.zone(), there.owner());
    }

    /**
     * The zone runs on another node: the client is told where as the last frame, then the connection closes. Any
     * thread.
     */
    void redirect(String zoneName, WorldNode owner) {
        if (closed.get()) {
            return;
        }
        finish(CloseReason.REDIRECTED, buffer(format.redirect(zoneName, owner.websocketUrl(), owner.grpcTarget())));
    }

    private void refuseJoin(String code, String message, int cid) {
        refuseJoin(code, message, cid, Duration.ZERO);
    }

    private void refuseJoin(String code, String message, int cid, Duration retryAfter) {
        joinSpan.setStatus(StatusCode.ERROR, code);
        joinSpan.end();
        send(format.error(code, message, cid, retryAfter));
    }

    private void enter(PlayerCharacter latest, int cid) {
        if (closed.get()) {
            joinSpan.end();
            return;
        }
        Optional<World.Entry> entry = gateway.world().entry(latest);
        if (entry.isEmpty()) {
            releaseSeat();
            refuseJoin(
                    "zone_unavailable",
                    "zone " + latest.zone() + " cannot be entered on this server right now, try again",
                    cid,
                    gateway.world().retryAfter());
            return;
        }
        Zone target = entry.get().zone();
        if (gateway.admission().overloaded(target.name())) {
            // the zone keeps overrunning its ticks: one more player would cost every player there their cadence
            joinSpan.setStatus(StatusCode.ERROR, CloseReason.SERVER_FULL.code());
            close(CloseReason.SERVER_FULL);
            return;
        }
        enterSpan = gateway.tracing().start("world.zone_enter", Context.root().with(joinSpan));
        zone = target;
        playing = latest.id().value();
        playingName = latest.name();
        enqueue(new Command.Join(this, entry.get().character()));
        if (closed.get()) {
            // closed meanwhile (sweeper, shutdown): its Leave may have gone in before this Join; another one after
            // it keeps the zone from holding an entity nobody plays (Leave is idempotent)
            target.submit(new Command.Leave(this));
        }
    }

    /** Takes back the entity of a dropped connection: the token decides, no lookup needed. */
    private void resume(ClientRequest.Resume resume) {
        if (zone != null) {
            error("already_joined", "this session already plays a character", resume.cid());
            return;
        }
        if (joinsTooOften()) {
            return;
        }
        // the dropped session gave its seat back when it closed: the resuming one needs one like a Join
        if (!takeSeat()) {
            close(CloseReason.SERVER_FULL);
            return;
        }
        Optional<ResumeTickets.Ticket> redeemed =
                gateway.sessions().tickets().redeem(resume.token(), account, System.nanoTime());
        if (redeemed.isEmpty()) {
            releaseSeat();
            refuseResume(resume.cid());
            return;
        }
        ResumeTickets.Ticket used = redeemed.get();
        zone = used.zone();
        playing = used.character().value();
        resumeCid = resume.cid();
        enqueue(new Command.Resume(this, used.character()));
        if (closed.get()) {
            used.zone().submit(new Command.Leave(this));
        }
    }

    private void refuseResume(int cid) {
        // the same answer for every cause (used, forged, expired, another account's): the client joins instead
        error("resume_refused", "this session cannot be resumed; join instead", cid);
    }

    private void replayHeldFrames() {
        ArrayDeque<byte[]> held = heldWhileJoining;
        heldWhileJoining = null;
        byte[] frame;
        while (held != null && !closed.get() && heldWhileJoining == null && (frame = held.pollFirst()) != null) {
            handle(frame);
        }
        if (heldWhileJoining != null && held != null) {
            // another Join among the held frames started its own lookup: the rest wait behind it
            held.addAll(heldWhileJoining);
            heldWhileJoining = held;
        }
    }

    private void move(ClientRequest.Move move) {
        if (zone == null) {
            error("not_joined", "join a character first", move.cid());
            return;
        }
        if (!Float.isFinite(move.dx()) || !Float.isFinite(move.dy())) {
            error("invalid_move", "dx and dy must be finite numbers", move.cid());
            return;
        }
        enqueue(new Command.Move(this, move.dx(), move.dy(), move.seq()));
    }

    private void enqueue(Command command) {
        if (queuedCommands.incrementAndGet() > gateway.settings().inboundQueue()) {
            queuedCommands.decrementAndGet();
            gateway.metrics().dropped("inbound");
            close(CloseReason.INBOUND_OVERFLOW);
            return;
        }
        zone.submit(command);
    }

    private void error(String code, String message, int cid) {
        send(format.error(code, message, cid));
    }

    /** A control frame (welcome, pong, error), copied once into a pooled buffer. */
    private void send(byte[] frame) {
        if (outbox.offer(buffer(frame)) || (writtenOutOnTheLoop() && outbox.offer(buffer(frame)))) {
            scheduleFlush();
        } else {
            gateway.metrics().dropped("outbound");
        }
    }

    /**
     * The outbox is full: on the connection's own loop, while the client reads, what is queued is written out now, so
     * a burst of frames read at once (bad frames, pings) gets every answer rather than as many as the outbox holds.
     * A client that does not read gets nothing more queued, as with snapshots, until the sweeper drops it.
     */
    private boolean writtenOutOnTheLoop() {
        // another thread (the tick's, sending a welcome) never finds itself here, whatever value it reads
        if (answering != Thread.currentThread() || !transport.writable()) {
            return false;
        }
        flushOutbox();
        return true;
    }

    private ByteBuf buffer(byte[] frame) {
        ByteBuf buffer = transport.alloc().directBuffer(Transport.HEADROOM + frame.length);
        buffer.writerIndex(Transport.HEADROOM).readerIndex(Transport.HEADROOM);
        return buffer.writeBytes(frame);
    }

    private void scheduleFlush() {
        if (!flushScheduled.get() && flushScheduled.compareAndSet(false, true)) {
            outlet.schedule(flush);
        }
    }

    void close(CloseReason reason) {
        close(reason, reason.message());
    }

    /** @param message what the client is told with the reason's code (an operator's words for a kick or a ban) */
    void close(CloseReason reason, String message) {
        close(
                reason,
                message,
                reason == CloseReason.SERVER_FULL ? gateway.admission().retryAfter() : Duration.ZERO);
    }

    /** @param retryAfter when the client may join again (told in the error frame); zero when it says nothing */
    void close(CloseReason reason, String message, Duration retryAfter) {
        if (closed.get()) {
            return;
        }
        finish(reason, reason.tellClient() ? buffer(format.error(reason.code(), message, 0, retryAfter)) : null);
    }

    /** Closes the session; {@code last} (may be null) is the final frame the client gets. */
    private void finish(CloseReason reason, ByteBuf last) {
        if (!closed.compareAndSet(false, true)) {
            if (last != null) {
                last.release();
            }
            return;
        }
        gateway.sessions().remove(this);
        releaseSeat();
        gateway.metrics().closed(reason);
        // a join still under way ends here (ending a span twice does nothing)
        enterSpan.end();
        joinSpan.end();
        boolean parks = parked(reason);
        leaving = !parks;
        // read after the decision: a portal crossing that moved the entity meanwhile sees it (movedTo)
        Zone current = zone;
        if (current != null && !parks) {
            current.submit(new Command.Leave(this));
        }
        outbox.finish(last, reason);
        scheduleFlush();
    }

    /** On close: whether the entity stays in the zone for a resume (it then leaves when the grace is over). */
    private synchronized boolean parked(CloseReason reason) {
        if (ticket == null) {
            return false;
        }
        Duration grace = gateway.settings().resumeGrace();
        if (reason.parksEntity()
                && grace.isPositive()
                && gateway.sessions().tickets().park(ticket, System.nanoTime() + grace.toNanos())) {
            // the ticket stays known here: a Join that takes the entity over revokes it (see replaced())
            return true;
        }
        gateway.sessions().tickets().revoke(ticket);
        ticket = null;
        return false;
    }

    /**
     * Closes without waiting for the client: it stopped reading, so nothing queued could reach it anyway. The event
     * loop drops the connection at its next flush.
     */
    void abort(CloseReason reason) {
        aborted = true;
        outbox.discard(reason);
        close(reason);
        scheduleFlush();
    }

    boolean idleFor(long nanos, long now) {
        return now - lastInbound > nanos;
    }

    /** Whether the join timeout is over and the session neither plays a character nor is about to. */
    boolean joinOverdue(long now) {
        return zone == null && !joinInFlight && now - joinDeadline > 0;
    }

    boolean stuckFor(long nanos, long now) {
        return outbox.stuckNanos(now) > nanos;
    }

    boolean closed() {
        return closed.get();
    }

    /** The zone of this session's entity (or of its last one). */
    Zone zone() {
        return zone;
    }

    boolean inZone(String name) {
        Zone current = zone;
        return current != null && current.name().equals(name);
    }

    boolean plays(UUID character) {
        return character.equals(playing);
    }

    AccountId account() {
        return account;
    }

    /** An operators' message, shown to the player as plain text. */
    void notice(String text) {
        if (!closed.get()) {
            send(format.notice(text, gateway.wallClockMillis().getAsLong()));
        }
    }

    /** What the admin console lists; empty until the session has joined a character. */
    Optional<OnlineSession> describe() {
        UUID current = playing;
        Zone joined = zone;
        if (current == null || joined == null || closed.get()) {
            return Optional.empty();
        }
        int rtt = rttMs;
        return Optional.of(new OnlineSession(
                account,
                current,
                playingName,
                joined.name(),
                transportName,
                connectedSince,
                rtt == 0 ? OptionalInt.empty() : OptionalInt.of(rtt)));
    }

    /**
     * On the event loop ({@link Outlet}): writes every queued frame, flushes them with one system call, and once the
     * session is closing and drained, closes the transport (the only place that does).
     */
    void flushOutbox() {
        flushScheduled.set(false);
        if (transportClosed) {
            return;
        }
        int frames = 0;
        long bytes = 0;
        Outbox.Frame frame;
        while ((frame = outbox.poll()) != null) {
            bytes += frame.bytes().readableBytes();
            frames++;
            transport.write(frame.bytes(), format.text());
        }
        if (frames > 0) {
            traffic.outbound(frames, bytes);
            transport.flush();
        }
        CloseReason closing = outbox.closing();
        if (closing != null) {
            transportClosed = true;
            if (aborted) {
                transport.abort(closing);
            } else {
                transport.close(closing);
            }
            gateway.sessions().transportClosed();
        }
    }

    @Override
    public void welcome(Welcome welcome) {
        // on the tick thread: the zone took the player in
        enterSpan.end();
        joinSpan.end();
        String token;
        synchronized (this) {
            if (closed.get()) {
                // closed before the zone got to it: the Leave sent on closing follows, nothing to resume
                return;
            }
            if (ticket != null) {
                gateway.sessions().tickets().revoke(ticket);
            }
            ticket = gateway.sessions().tickets().issue(this, account, welcome.character());
            token = ticket.token();
        }
        send(format.welcome(welcome, token, gateway.wallClockMillis().getAsLong()));
    }

    @Override
    public void view(ViewUpdate update) {
        if (closed.get()) {
            return;
        }
        ByteBuf snapshot = format.snapshot(update, transport.alloc(), Transport.HEADROOM);
        if (snapshot == null) {
            return;
        }
        if (outbox.offerSnapshot(snapshot, update.full(), transport.writable())) {
            scheduleFlush();
        } else {
            // the client missed this delta: from now on only a full snapshot can make its view right again
            fullRequested.set(true);
            gateway.metrics().dropped("outbound");
        }
    }

    @Override
    public void replaced() {
        synchronized (this) {
            // a parked session taken over by a Join: its token must not take the entity back from the new one
            if (ticket != null) {
                gateway.sessions().tickets().revoke(ticket);
                ticket = null;
            }
        }
        close(CloseReason.SESSION_REPLACED);
    }

    @Override
    public void resumeRefused() {
        // the entity left between the token check and the tick: this session plays nothing and may Join
        zone = null;
        playing = null;
        releaseSeat();
        refuseResume(resumeCid);
    }

    @Override
    public void movedTo(Zone target) {
        zone = target;
        if (closed.get() && leaving) {
            // closed while the entity was on its way: that Leave may have gone to the old zone, which no longer has
            // it; this one follows the arrival (Leave is idempotent)
            target.submit(new Command.Leave(this));
        }
    }

    @Override
    public void zoneChanged(ZoneChange change) {
        // on the new zone's tick thread, before its first (full) snapshot for this player
        if (!closed.get()) {
            send(format.zoneChanged(change));
        }
    }

    @Override
    public void crossedToAnotherNode(String zoneName, CompletionStage<CrossingWrite> written) {
        // the route may ask the lease store: on a virtual thread, once the row says where the player went
        written.whenComplete((outcome, failure) ->
                Thread.ofVirtual().start(() -> sendOn(zoneName, failure == null ? outcome : CrossingWrite.FAILED)));
    }

    /**
     * After a portal into a zone another node runs: a redirect there, now that the node will load the new zone and
     * position. If the crossing was refused, or that node gave the zone up meanwhile, the client joins again after a
     * while, and its Join goes where the row says. If it could not be written, the client is told so: its Join, once
     * Postgres answers, puts it where it stood before the portal.
     */
    private void sendOn(String zoneName, CrossingWrite outcome) {
        Route route = outcome == CrossingWrite.WRITTEN
                ? gateway.router().route(zoneName)
                : new Route.Nowhere(zoneName, Duration.ZERO);
        if (route instanceof Route.There there) {
            redirect(there);
        } else {
            close(
                    CloseReason.ZONE_UNAVAILABLE,
                    outcome == CrossingWrite.FAILED
                            ? "the way into zone " + zoneName + " could not be saved (the database did not answer);"
                                    + " join again to play on where you stood"
                            : CloseReason.ZONE_UNAVAILABLE.message(),
                    gateway.router().retryAfter());
        }
    }

    @Override
    public void zoneUnavailable(String zoneName, PortalHold why, Duration retryAfter) {
        if (!closed.get()) {
            send(format.error(
                    "zone_unavailable",
                    switch (why) {
                        case ZONE_NOT_RUN ->
                            "zone " + zoneName + " cannot be entered on this server right now, try again";
                        case CROSSING_NOT_SAVED ->
                            "zone " + zoneName + " cannot be entered right now: the way there cannot be saved (the"
                                    + " database does not answer); play on here and try again";
                    },
                    0,
                    retryAfter));
        }
    }

    @Override
    public boolean takeFullRequest() {
        return fullRequested.get() && fullRequested.getAndSet(false);
    }

    @Override
    public void commandDrained() {
        queuedCommands.decrementAndGet();
    }
}
