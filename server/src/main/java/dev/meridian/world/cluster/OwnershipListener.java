package dev.meridian.world.cluster;

/** What the world does when this node gains or loses a zone; called on the ownership's threads, one call at a time per zone. */
public interface OwnershipListener {

    /** The lease is held and the zone fenced at {@code epoch}: start ticking it, loading players from Postgres. */
    void acquired(String zone, long epoch);

    /** The lease is gone (not renewed in time, or taken): stop ticking the zone now and send its players away. */
    void lost(String zone);
}
