package dev.meridian.world.cluster;

/** Where the newest lease of each zone is recorded, so that older holders' position writes are refused (Postgres). */
public interface ZoneFences {

    /** Advances the zone's fence to {@code epoch}; false when a newer epoch fenced it already. Blocks; may throw. */
    boolean advance(String zone, long epoch);
}
