package dev.meridian.world.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The {@link ZoneLeases} contract in memory on a hand-moved clock: one revision counter for the whole store (like a
 * JetStream stream's sequence), entries that end {@code ttl} after their last write, a release that leaves a marker
 * for a {@code ttl} (like a key-value delete), and a switch that makes the store unreachable.
 */
final class InMemoryZoneLeases implements ZoneLeases {
    private final long ttlNanos;
    private final LongSupplier clock;
    private final Map<String, Entry> entries = new HashMap<>();
    /** The revision and time of each zone's latest release. */
    private final Map<String, Entry> releases = new HashMap<>();

    private final List<Consumer<String>> watchers = new ArrayList<>();
    private final List<Consumer<Lease>> holdWatchers = new ArrayList<>();
    private long revision;
    private boolean unreachable;

    private record Entry(Lease lease, long writtenAt) {}

    InMemoryZoneLeases(Duration ttl, LongSupplier clock) {
        this.ttlNanos = ttl.toNanos();
        this.clock = clock;
    }

    synchronized void unreachable(boolean value) {
        unreachable = value;
    }

    @Override
    public synchronized Optional<Lease> acquire(String zone, WorldNode self) {
        check();
        if (live(zone).isPresent()) {
            return Optional.empty();
        }
        OptionalLong overRelease = Optional.ofNullable(releases.remove(zone))
                .filter(this::live)
                .map(release -> OptionalLong.of(release.lease().revision()))
                .orElse(OptionalLong.empty());
        revision++;
        Lease lease = new Lease(zone, self, revision, revision, overRelease);
        entries.put(zone, new Entry(lease, clock.getAsLong()));
        return Optional.of(told(lease));
    }

    @Override
    public synchronized Optional<Lease> renew(Lease lease) {
        check();
        if (live(lease.zone()).filter(l -> l.revision() == lease.revision()).isEmpty()) {
            return Optional.empty();
        }
        revision++;
        Lease renewed = lease.renewed(revision);
        entries.put(lease.zone(), new Entry(renewed, clock.getAsLong()));
        return Optional.of(told(renewed));
    }

    @Override
    public void release(Lease lease) {
        List<Consumer<String>> told;
        synchronized (this) {
            check();
            if (live(lease.zone()).filter(l -> l.revision() == lease.revision()).isEmpty()) {
                return;
            }
            entries.remove(lease.zone());
            revision++;
            releases.put(lease.zone(), new Entry(lease.renewed(revision), clock.getAsLong()));
            told = List.copyOf(watchers);
        }
        // outside the lock, as the real store tells its watchers on a thread of its own
        told.forEach(watcher -> watcher.accept(lease.zone()));
    }

    @Override
    public synchronized void watch(Consumer<Lease> held, Consumer<String> released) {
        check();
        entries.keySet().forEach(zone -> live(zone).ifPresent(held));
        holdWatchers.add(held);
        watchers.add(released);
    }

    /** Written: the watchers hear of it (on the writer's thread, inside the lock: they only take note). */
    private Lease told(Lease lease) {
        holdWatchers.forEach(watcher -> watcher.accept(lease));
        return lease;
    }

    @Override
    public synchronized Optional<Lease> holder(String zone) {
        check();
        return live(zone);
    }

    private Optional<Lease> live(String zone) {
        return Optional.ofNullable(entries.get(zone)).filter(this::live).map(Entry::lease);
    }

    private boolean live(Entry entry) {
        return clock.getAsLong() - entry.writtenAt() < ttlNanos;
    }

    private void check() {
        if (unreachable) {
            throw new LeaseStoreException("unreachable (test)");
        }
    }
}
