package dev.meridian.world.cluster;

import dev.meridian.platform.logging.KeyValueFormatter;
import dev.meridian.platform.logging.ThrottledLog;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The zones this node owns, held as leases (docs/architecture.md, "Zone ownership across nodes"). A round renews every
 * held lease and then takes free wanted zones up to the capacity; rounds run every ttl/3. A lease counts as held
 * until {@code ttl - margin} after the start of its last successful renewal: the store cannot have let it go before
 * then, so the zone is stopped while no other node can own it yet. A separate check stops a zone the moment that
 * time passes, even while a round waits for an unreachable store. A lease another node gives up (its graceful
 * shutdown) is news from the store's watch: this node tries to take that zone at once rather than at its next round.
 */
public final class ZoneOwnership implements ZoneEpochs, ZoneRouter, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ZoneOwnership.class.getName());
    /** While NATS is away every round fails the same way: one line a minute, with how many it stands for. */
    private final ZoneLeases leases;

    private final ZoneFences fences;
    private final WorldNode self;
    private final List<String> candidates;
    private final int capacity;
    private final Duration ttl;
    private final long validNanos;
    private volatile OwnershipListener listener;
    private final LongSupplier nanoTime;
    /** The node's own throttle, on its own clock: nodes (and tests) do not swallow each other's first warning. */
    private final ThrottledLog storeFailures;

    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(
            2, Thread.ofPlatform().name("zone-leases-", 0).daemon(true).factory());
    private volatile boolean storeReachable;
    /** Rounds, and takings on a release, one at a time: two renewals of one lease would lose it to each other. */
    private final Object rounds = new Object();
    /** Where a release seen by the watch is acted on: never on the store's own thread, which delivers the news. */
    private Executor reactions = timer;

    private volatile boolean watching;
    /** The zones other nodes hold, as the watch told them, and when (on {@code nanoTime}) it last did. */
    private final Map<String, Seen> elsewhere = new ConcurrentHashMap<>();

    private record Seen(WorldNode node, long at) {}
    /** False once the node hands its zones over (graceful shutdown): it takes none any more. */
    private volatile boolean taking = true;

    /** A held lease and until when (on {@code nanoTime}) it is certainly still ours. */
    private record Held(Lease lease, long validUntil) {}

    /**
     * @param candidates the zones to try, in order ({@link HostedZones#candidates})
     * @param nanoTime a monotonic clock ({@code System::nanoTime}; it keeps running while the process is stopped, so a
     *     paused node finds its leases overdue the moment it runs again)
     */
    public ZoneOwnership(
            ZoneLeases leases,
            ZoneFences fences,
            WorldNode self,
            List<String> candidates,
            int capacity,
            Duration ttl,
            LongSupplier nanoTime) {
        this.leases = leases;
        this.fences = fences;
        this.self = self;
        this.candidates = List.copyOf(candidates);
        this.capacity = capacity;
        this.ttl = ttl;
        // a fifth of the TTL covers the store's clock running a little faster than ours and the tick under way
        this.validNanos = ttl.toNanos() - ttl.toNanos() / 5;
        this.nanoTime = nanoTime;
        this.storeFailures = new ThrottledLog(LOG, Duration.ofMinutes(1), nanoTime);
    }

    /** Who starts and stops the zones; set once, before the first round. */
    public ZoneOwnership notifying(OwnershipListener zones) {
        this.listener = zones;
        return this;
    }

    /** Runs rounds every ttl/3 and the overdue check every ttl/20 from now on (tests call them by hand). */
    public ZoneOwnership start() {
        long period = Math.max(1, ttl.toMillis() / 3);
        timer.scheduleWithFixedDelay(this::roundQuietly, 0, period, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(this::stopOverdue, period, Math.max(1, ttl.toMillis() / 20), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Tests act on the watch's news on the thread that brings it. */
    ZoneOwnership reactingOn(Executor executor) {
        this.reactions = executor;
        return this;
    }

    /** Renews what is held, then takes free zones up to the capacity; starts watching for releases if it does not yet. */
    public void round() {
        if (listener == null) {
            throw new IllegalStateException("no listener: call notifying() first");
        }
        synchronized (rounds) {
            renewHeld();
            stopOverdue();
            watchReleases();
            acquireFree();
        }
    }

    /** Takes no zone from now on: the node is handing its zones over (graceful shutdown). */
    public void stopTaking() {
        taking = false;
    }

    /**
     * Gives one zone up at once (graceful shutdown, once the zone has stopped and its positions are written): other
     * nodes see the release and take the zone without waiting for the TTL.
     */
    public void release(String zone) {
        Held lease = held.get(zone);
        if (lease != null && held.remove(zone, lease)) {
            releaseLogged(lease.lease());
        }
    }

    /** Stops every zone whose lease was not renewed in time. */
    public void stopOverdue() {
        long now = nanoTime.getAsLong();
        for (Map.Entry<String, Held> entry : held.entrySet()) {
            if (now - entry.getValue().validUntil() >= 0) {
                lose(entry.getValue(), "not_renewed");
            }
        }
    }

    @Override
    public OptionalLong epoch(String zone) {
        Held current = held.get(zone);
        if (current == null || nanoTime.getAsLong() - current.validUntil() >= 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(current.lease().epoch());
    }

    @Override
    public boolean serves(String zone) {
        return epoch(zone).isPresent();
    }

    @Override
    public Route route(String zone) {
        if (serves(zone)) {
            return new Route.Here();
        }
        Optional<Lease> holder;
        try {
            holder = leases.holder(zone);
        } catch (LeaseStoreException e) {
            holder = Optional.empty();
        }
        return holder.filter(lease -> !lease.holder().id().equals(self.id()))
                .<Route>map(lease -> new Route.There(zone, lease.holder()))
                .orElseGet(() -> new Route.Nowhere(zone, retryAfter()));
    }

    /** The id of the node that holds the zone's lease now; empty when none does or the store does not answer. */
    public Optional<String> holderNode(String zone) {
        try {
            return leases.holder(zone).map(lease -> lease.holder().id());
        } catch (LeaseStoreException e) {
            return Optional.empty();
        }
    }

    /** A TTL: by then a lease that was left to run out has ended and another node has taken the zone. */
    @Override
    public Duration retryAfter() {
        return ttl;
    }

    /** The zones held now, for readiness and the logs. */
    public List<String> owned() {
        return candidates.stream().filter(zone -> epoch(zone).isPresent()).toList();
    }

    /** Whether the last call to the lease store succeeded. */
    public boolean storeReachable() {
        return storeReachable;
    }

    public WorldNode self() {
        return self;
    }

    /**
     * Graceful shutdown, once the zones have stopped and their positions are written: no more rounds, and every lease
     * is given back at once, so other nodes take the zones without waiting for the TTL.
     */
    public void releaseAll() {
        close();
        for (Held lease : List.copyOf(held.values())) {
            if (held.remove(lease.lease().zone(), lease)) {
                releaseLogged(lease.lease());
            }
        }
    }

    /**
     * No more rounds, checks or reactions to releases, and their threads have ended (a node that never started its
     * rounds may still have one: the watch's news of a release runs on it). Gives nothing back: {@link #releaseAll}.
     */
    @Override
    public void close() {
        taking = false;
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "event=lease_timer_not_stopped node=" + self.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void releaseLogged(Lease lease) {
        try {
            leases.release(lease);
            // the revision the release expected: the key's next entry is the release's marker
            LOG.log(Level.INFO, "event=zone_released" + fields(lease) + " revision=" + lease.revision());
        } catch (LeaseStoreException e) {
            LOG.log(
                    Level.WARNING,
                    "event=zone_release_failed" + fields(lease) + " error=" + KeyValueFormatter.quote(e));
        }
    }

    /** Once: from then on the store tells this node of every release (retried each round until it works). */
    private void watchReleases() {
        if (watching) {
            return;
        }
        try {
            leases.watch(this::heldBy, this::released);
            watching = true;
        } catch (LeaseStoreException e) {
            storeFailures.warn("event=lease_watch_failed error=" + KeyValueFormatter.quote(e));
        }
    }

    private void heldBy(Lease lease) {
        if (lease.holder().id().equals(self.id())) {
            elsewhere.remove(lease.zone());
        } else {
            elsewhere.put(lease.zone(), new Seen(lease.holder(), nanoTime.getAsLong()));
        }
    }

    /**
     * Whether another node held the zone's lease when the watch last told of it, less than a TTL ago (it renews every
     * third of one): no waiting, so a tick may ask. It can be wrong for up to a TTL after that node died; whoever acts
     * on it asks {@link #route} again before sending a player anywhere.
     */
    public boolean runsElsewhere(String zone) {
        Seen seen = elsewhere.get(zone);
        return seen != null && fresh(seen);
    }

    /** The other nodes that hold zones now, as the watch told (the nodes this node may redirect a player to). */
    public List<WorldNode> peers() {
        return elsewhere.values().stream()
                .filter(this::fresh)
                .map(Seen::node)
                .distinct()
                .toList();
    }

    private boolean fresh(Seen seen) {
        return nanoTime.getAsLong() - seen.at() < ttl.toNanos();
    }

    /** On the store's thread: another node gave {@code zone} up. */
    private void released(String zone) {
        elsewhere.remove(zone);
        if (!taking || !candidates.contains(zone) || held.containsKey(zone)) {
            return;
        }
        try {
            reactions.execute(() -> {
                synchronized (rounds) {
                    acquireFree();
                }
            });
        } catch (RejectedExecutionException e) {
            // the node is shutting down: it takes nothing any more
        }
    }

    private void roundQuietly() {
        try {
            round();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "event=lease_round_failed", e);
        }
    }

    private void renewHeld() {
        for (Held current : List.copyOf(held.values())) {
            long started = nanoTime.getAsLong();
            Optional<Lease> renewed;
            try {
                renewed = leases.renew(current.lease());
                storeReachable = true;
            } catch (LeaseStoreException e) {
                // kept until it is overdue: the store may answer again in time
                storeReachable = false;
                storeFailures.warn(
                        "event=lease_renew_failed" + fields(current.lease()) + " error=" + KeyValueFormatter.quote(e));
                continue;
            }
            if (renewed.isEmpty()) {
                lose(current, "taken");
            } else if (!held.replace(current.lease().zone(), current, new Held(renewed.get(), started + validNanos))) {
                // it ran out while the store answered: the zone has stopped, so the renewed lease goes back
                releaseQuietly(renewed.get());
            }
        }
    }

    private void acquireFree() {
        for (String zone : candidates) {
            if (!taking) {
                return;
            }
            if (held.size() >= capacity) {
                return;
            }
            if (held.containsKey(zone)) {
                continue;
            }
            long started = nanoTime.getAsLong();
            Optional<Lease> acquired;
            try {
                acquired = leases.acquire(zone, self);
                storeReachable = true;
            } catch (LeaseStoreException e) {
                storeReachable = false;
                storeFailures.warn("event=lease_acquire_failed zone=" + zone + " error=" + KeyValueFormatter.quote(e));
                return;
            }
            acquired.ifPresent(lease -> takeOver(lease, started));
        }
    }

    /** Fences the zone before it ticks, so that the previous holder's late writes are refused from now on. */
    private void takeOver(Lease lease, long started) {
        boolean fenced;
        try {
            fenced = fences.advance(lease.zone(), lease.epoch());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "event=zone_fence_failed" + fields(lease) + " error=" + KeyValueFormatter.quote(e));
            releaseQuietly(lease);
            return;
        }
        if (!fenced) {
            // a newer epoch fenced it: the bucket was recreated and its revisions started again (docs/operations.md)
            LOG.log(Level.ERROR, "event=zone_fence_ahead" + fields(lease));
            releaseQuietly(lease);
            return;
        }
        long validUntil = started + validNanos;
        if (nanoTime.getAsLong() - validUntil >= 0) {
            releaseQuietly(lease);
            return;
        }
        // held before it starts: the zone's tick loop asks before every tick whether this node still runs it
        Held holding = new Held(lease, validUntil);
        held.put(lease.zone(), holding);
        try {
            listener.acquired(lease.zone(), lease.epoch());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "event=zone_start_failed" + fields(lease), e);
            held.remove(lease.zone(), holding);
            releaseQuietly(lease);
            return;
        }
        // over_release: whether a node gave the zone up within a TTL before, or its key held nothing (docs/world.md)
        LOG.log(
                Level.INFO,
                "event=zone_acquired" + fields(lease) + " over_release="
                        + (lease.overRelease().isPresent()
                                ? Long.toString(lease.overRelease().getAsLong())
                                : "none"));
    }

    private void lose(Held lease, String reason) {
        if (held.remove(lease.lease().zone(), lease)) {
            LOG.log(Level.WARNING, "event=zone_lost" + fields(lease.lease()) + " reason=" + reason);
            listener.lost(lease.lease().zone());
            LOG.log(Level.INFO, "event=zone_stopped" + fields(lease.lease()));
        }
    }

    private void releaseQuietly(Lease lease) {
        try {
            leases.release(lease);
        } catch (LeaseStoreException e) {
            LOG.log(
                    Level.WARNING,
                    "event=zone_release_failed" + fields(lease) + " error=" + KeyValueFormatter.quote(e));
        }
    }

    private String fields(Lease lease) {
        return " zone=" + lease.zone() + " epoch=" + lease.epoch() + " node=" + self.id();
    }
}
