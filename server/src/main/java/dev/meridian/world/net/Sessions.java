package dev.meridian.world.net;

import dev.meridian.account.domain.AccountId;
import dev.meridian.world.cluster.WorldNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open sessions and the resume tokens of their players: one platform thread sweeps them every second for idle
 * clients, connections that play no character, stuck outboxes and parked entities whose grace is over, and the
 * shutdown drains them.
 */
public final class Sessions {
    private final Set<WorldSession> open = ConcurrentHashMap.newKeySet();
    private final ResumeTickets tickets = new ResumeTickets();
    private final SessionSettings settings;
    private final ScheduledExecutorService sweeper;
    /** Connections whose session has not closed its transport yet: the drain waits for their last frames. */
    private final AtomicInteger transports = new AtomicInteger();

    private volatile boolean draining;

    public Sessions(SessionSettings settings) {
        this.settings = settings;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("world-session-sweeper").daemon(true).factory());
    }

    /** Sweeps every second from now on (tests sweep by hand). */
    public Sessions startSweeping() {
        sweeper.scheduleWithFixedDelay(() -> sweep(System.nanoTime()), 1, 1, TimeUnit.SECONDS);
        return this;
    }

    boolean add(WorldSession session) {
        open.add(session);
        if (draining) {
            open.remove(session);
            return false;
        }
        return true;
    }

    void transportOpened() {
        transports.incrementAndGet();
    }

    void transportClosed() {
        transports.decrementAndGet();
    }

    void remove(WorldSession session) {
        open.remove(session);
    }

    ResumeTickets tickets() {
        return tickets;
    }

    public int count() {
        return open.size();
    }

    /** Shutdown begins: sessions opened from now on are told {@code server_shutdown} and closed at once. */
    public void refuseNew() {
        draining = true;
    }

    /**
     * A node of a cluster hands {@code zone} over as it shuts down: its players are redirected to the zone's new
     * owner, whose Join loads them from Postgres.
     *
     * @return how many sessions were redirected
     */
    public int redirect(String zone, WorldNode owner) {
        int redirected = 0;
        for (WorldSession session : open) {
            if (session.inZone(zone)) {
                session.redirect(zone, owner);
                redirected++;
            }
        }
        return redirected;
    }

    /**
     * Shutdown: refuse new sessions, tell every open one {@code server_shutdown} (their Leave reaches the zones,
     * which are still ticking), send the entities parked for a resume out too, and wait up to {@code grace} for the
     * sessions' last frames to be written.
     */
    public void drain(Duration grace) throws InterruptedException {
        draining = true;
        open.forEach(session -> session.close(CloseReason.SERVER_SHUTDOWN));
        tickets.evictAll();
        long deadline = System.nanoTime() + grace.toNanos();
        while ((!open.isEmpty() || transports.get() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        sweeper.shutdownNow();
    }

    /**
     * The character was deleted: a session playing it is told {@code character_deleted} and closed; an entity parked
     * for a resume leaves at once.
     */
    public void characterDeleted(UUID character) {
        tickets.evict(character);
        for (WorldSession session : open) {
            if (session.plays(character)) {
                session.close(CloseReason.CHARACTER_DELETED);
            }
        }
    }

    /**
     * This node stopped running {@code zone} (its lease ended): its players are told {@code zone_unavailable} with
     * when to join again (by then another node runs it, and the join is redirected there).
     */
    public void zoneLost(String zone, Duration retryAfter) {
        tickets.dropZone(zone);
        for (WorldSession session : open) {
            if (session.inZone(zone)) {
                session.close(CloseReason.ZONE_UNAVAILABLE, CloseReason.ZONE_UNAVAILABLE.message(), retryAfter);
            }
        }
    }

    /** The joined sessions, for the admin console. */
    public List<OnlineSession> online() {
        List<OnlineSession> joined = new ArrayList<>();
        for (WorldSession session : open) {
            session.describe().ifPresent(joined::add);
        }
        return joined;
    }

    /**
     * An operator removes the player of {@code character}: told {@code kicked} with {@code message}, then closed.
     *
     * @return whether a session played it
     */
    public boolean kick(UUID character, String message) {
        boolean found = false;
        for (WorldSession session : open) {
            if (session.plays(character)) {
                session.close(CloseReason.KICKED, message);
                found = true;
            }
        }
        return found;
    }

    /** The account was banned: each of its sessions is told {@code banned} with {@code message}, then closed. */
    public int banned(AccountId account, String message) {
        int closed = 0;
        for (WorldSession session : open) {
            if (session.account().equals(account)) {
                session.close(CloseReason.BANNED, message);
                closed++;
            }
        }
        return closed;
    }

    /**
     * Sends a notice to every joined session, or only to those in {@code zone}.
     *
     * @return how many sessions it was sent to
     */
    public int broadcast(Optional<String> zone, String text) {
        int sent = 0;
        for (WorldSession session : open) {
            Optional<OnlineSession> joined = session.describe();
            if (joined.isPresent() && zone.map(joined.get().zone()::equals).orElse(true)) {
                session.notice(text);
                sent++;
            }
        }
        return sent;
    }

    void sweep(long now) {
        tickets.expire(now);
        long idle = settings.idleTimeout().toNanos();
        long slow = settings.slowConsumerTimeout().toNanos();
        for (WorldSession session : open) {
            if (session.stuckFor(slow, now)) {
                session.abort(CloseReason.SLOW_CONSUMER);
            } else if (session.idleFor(idle, now)) {
                session.close(CloseReason.IDLE_TIMEOUT);
            } else if (session.joinOverdue(now)) {
                session.close(CloseReason.JOIN_TIMEOUT);
            }
        }
    }
}
