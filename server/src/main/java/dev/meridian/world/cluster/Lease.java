package dev.meridian.world.cluster;

import java.util.Objects;

/**
 * One zone's lease.
 *
 * @param holder the node that holds it
 * @param epoch the store's revision when the holder acquired it: the fencing token of the holder's position writes
 * @param revision the store's latest revision of it, which a renewal or a release must still match
 */
public record Lease(String zone, WorldNode holder, long epoch, long revision) {
    public Lease {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(holder, "holder");
    }

    public Lease renewed(long newRevision) {
        return new Lease(zone, holder, epoch, newRevision);
    }
}
