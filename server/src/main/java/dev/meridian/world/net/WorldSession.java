package dev.meridian.world.net;

import dev.meridian.account.domain.AccountId;
import dev.meridian.world.domain.CharacterId;
import dev.meridian.world.domain.PlayerCharacter;
import dev.meridian.world.engine.Command;
import dev.meridian.world.engine.ViewUpdate;
import dev.meridian.world.engine.Viewer;
import dev.meridian.world.engine.Welcome;
import dev.meridian.world.engine.Zone;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connected client, whatever its transport: validates and budgets what it sends, turns it into engine commands,
 * and owns the bounded outbox that its own sender (a virtual thread) drains into the transport. The tick thread
 * only encodes and enqueues here; it never waits for a client.
 */
final class WorldSession implements Viewer {
    private static final System.Logger LOG = System.getLogger(WorldSession.class.getName());

    private final Gateway gateway;
    private final AccountId account;
    private final Transport transport;
    private final WireFormat format;
    private final WorldMetrics.Traffic traffic;
    private final Outbox outbox;
    private final TokenBucket budget;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean fullRequested = new AtomicBoolean();
    private final AtomicInteger queuedCommands = new AtomicInteger();
    private volatile Zone zone;
    private volatile long lastInbound;
    private volatile Thread sender;

    WorldSession(Gateway gateway, AccountId account, Transport transport, WireFormat format, String transportName) {
        this.gateway = gateway;
        this.account = account;
        this.transport = transport;
        this.format = format;
        this.traffic = gateway.metrics().traffic(transportName);
        this.outbox = new Outbox(gateway.settings().outboundQueue());
        long now = System.nanoTime();
        this.budget = new TokenBucket(gateway.settings().messagesPerSecond(), now);
        this.lastInbound = now;
    }

    /** Starts the sender; a session opened while the server drains is closed at once. */
    void start() {
        gateway.sessions().senderStarted();
        Thread thread = Thread.ofVirtual().name("world-sender").unstarted(this::sendLoop);
        sender = thread;
        thread.start();
        if (!gateway.sessions().add(this)) {
            close(CloseReason.SERVER_SHUTDOWN);
        }
    }

    /** A whole inbound frame, on the transport's reading thread. */
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
        if (!budget.take(now)) {
            close(CloseReason.RATE_LIMITED);
            return;
        }
        switch (format.decode(frame)) {
            case ClientRequest.Join join -> join(join);
            case ClientRequest.Move move -> move(move);
            case ClientRequest.Ping ping ->
                send(format.pong(
                        ping.clientTime(),
                        gateway.wallClockMillis().getAsLong(),
                        zone == null ? 0 : zone.currentTick()));
            case ClientRequest.Leave leave -> close(CloseReason.LEFT);
            case ClientRequest.Invalid invalid -> error("invalid_message", invalid.reason(), invalid.cid());
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
        Optional<PlayerCharacter> character;
        try {
            character = gateway.characters()
                    .find(CharacterId.parse(join.characterId()))
                    .filter(found -> found.ownedBy(account));
        } catch (IllegalArgumentException e) {
            character = Optional.empty();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "event=join_lookup_failed error=" + e);
            error("unavailable", "characters cannot be read right now, try again", join.cid());
            return;
        }
        if (character.isEmpty()) {
            // the same answer for "does not exist" and "belongs to someone else": no information leaks
            error("not_found", "no such character", join.cid());
            return;
        }
        PlayerCharacter player = character.get();
        PlayerCharacter latest = gateway.positions()
                .unwritten(player.id())
                .map(position -> player.at(position.zone(), position.x(), position.y()))
                .orElse(player);
        Zone target = gateway.world().zoneFor(latest.zone());
        zone = target;
        enqueue(new Command.Join(this, latest));
        if (closed.get()) {
            // closed meanwhile (sweeper, shutdown): its Leave may have gone in before this Join; another one after
            // it keeps the zone from holding an entity nobody plays (Leave is idempotent)
            target.submit(new Command.Leave(this));
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

    private void send(byte[] frame) {
        if (!outbox.offer(frame)) {
            gateway.metrics().dropped("outbound");
        }
    }

    void close(CloseReason reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        gateway.sessions().remove(this);
        gateway.metrics().closed(reason);
        Zone current = zone;
        if (current != null) {
            current.submit(new Command.Leave(this));
        }
        outbox.finish(reason.tellClient() ? format.error(reason.code(), reason.message(), 0) : null, reason);
    }

    /**
     * Closes without waiting for the client: it stopped reading, so nothing queued could reach it anyway. The
     * transport is only ever used by the sender, so the sender is interrupted: a write blocked on flow control or on
     * a full socket fails (an interrupted virtual thread closes the socket it is blocked on), and the sender then
     * closes the transport itself.
     */
    void abort(CloseReason reason) {
        outbox.discard(reason);
        close(reason);
        Thread thread = sender;
        if (thread != null) {
            thread.interrupt();
        }
    }

    boolean idleFor(long nanos, long now) {
        return now - lastInbound > nanos;
    }

    boolean stuckFor(long nanos, long now) {
        return outbox.stuckNanos(now) > nanos;
    }

    boolean closed() {
        return closed.get();
    }

    /** The only thread that uses the transport: writes, then closes it, whatever ended the session. */
    private void sendLoop() {
        try {
            Outbox.Frame frame;
            while ((frame = outbox.take()) != null) {
                transport.send(frame.bytes(), format.text());
                traffic.outbound(frame.bytes().length);
            }
        } catch (InterruptedException e) {
            // abort(): the session is already closed and the outbox discarded
        } catch (Exception e) {
            // the write failed: the client is gone, or abort() interrupted a write it was stuck in
            disconnected(CloseReason.TRANSPORT_ERROR);
        } finally {
            // clear a pending interrupt so the close can still be written (it fails at once if the socket is gone)
            Thread.interrupted();
            transport.close(outbox.closing());
            gateway.sessions().senderEnded();
        }
    }

    @Override
    public void welcome(Welcome welcome) {
        send(format.welcome(welcome, gateway.wallClockMillis().getAsLong()));
    }

    @Override
    public void view(ViewUpdate update) {
        if (closed.get()) {
            return;
        }
        byte[] snapshot = format.snapshot(update);
        if (snapshot != null && !outbox.offerSnapshot(snapshot, update.full())) {
            // the client missed this delta: from now on only a full snapshot can make its view right again
            fullRequested.set(true);
            gateway.metrics().dropped("outbound");
        }
    }

    @Override
    public void replaced() {
        close(CloseReason.SESSION_REPLACED);
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
