package dev.meridian.world.cluster;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One zone's lease.
 *
 * @param holder the node that holds it
 * @param epoch the store's revision when the holder acquired it: the fencing token of the holder's position writes
 * @param revision the store's latest revision of it, which a renewal or a release must still match
 * @param overRelease the revision of the release (a delete marker) this lease was created over; empty when the zone's
 *     key held nothing: never held, or the last lease ran out. A store keeps a release's marker only for a TTL, so a
 *     lease created over one was taken without waiting for the TTL.
 */
public record Lease(String zone, WorldNode holder, long epoch, long revision, OptionalLong overRelease) {
    public Lease {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(overRelease, "overRelease");
    }

    /** A lease as a watch or a read tells it: how it was acquired is not known there. */
    public Lease(String zone, WorldNode holder, long epoch, long revision) {
        this(zone, holder, epoch, revision, OptionalLong.empty());
    }

    public Lease renewed(long newRevision) {
        return new Lease(zone, holder, epoch, newRevision, overRelease);
    }
}
