package dev.meridian.world.cluster;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The shared store of zone leases (a NATS JetStream key-value bucket in production): at most one holder per zone, and a
 * lease that is not renewed within the store's time-to-live ends by itself. Every method may throw
 * {@link LeaseStoreException} when the store cannot be reached.
 */
public interface ZoneLeases {

    /** Takes the zone for {@code self} if nobody holds it; empty when somebody does. */
    Optional<Lease> acquire(String zone, WorldNode self);

    /** Extends the lease (compare-and-set on its revision); empty when it was lost: expired, or another holds it. */
    Optional<Lease> renew(Lease lease);

    /** Gives the zone up at once, if the lease is still the zone's latest revision. */
    void release(Lease lease);

    /** Who holds the zone now. */
    Optional<Lease> holder(String zone);

    /**
     * From now on, on a thread of the store's: tells {@code held} every lease as it is written (the ones held now
     * first, then every acquisition and renewal), and {@code released} the zone of every lease that is given up
     * ({@link #release}), so that another node can take it at once. A lease that runs out is not told: the store ages
     * it out without a word, and the holders' rounds find the zone free.
     */
    void watch(Consumer<Lease> held, Consumer<String> released);
}
