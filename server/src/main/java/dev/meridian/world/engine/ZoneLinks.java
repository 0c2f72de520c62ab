package dev.meridian.world.engine;

import java.time.Duration;
import java.util.Optional;

/** What a zone needs of the world around it: the other zones this node hosts, and who plays where. */
public interface ZoneLinks {

    /** The zone, if this node hosts it. */
    Optional<Zone> hosted(String zone);

    Placements placements();

    /** How long a player waits before trying a zone this node does not host again ({@code zone_unavailable}). */
    Duration retryAfter();

    /**
     * Whether another node runs the zone now, as far as this node has heard without asking (any thread, no waiting): a
     * portal there sends the player on to that node.
     */
    boolean runsElsewhere(String zone);

    /** A zone on its own (tests, benchmarks): its portals lead nowhere. */
    static ZoneLinks alone() {
        Placements placements = new Placements();
        return new ZoneLinks() {
            @Override
            public Optional<Zone> hosted(String zone) {
                return Optional.empty();
            }

            @Override
            public Placements placements() {
                return placements;
            }

            @Override
            public Duration retryAfter() {
                return Duration.ofSeconds(5);
            }

            @Override
            public boolean runsElsewhere(String zone) {
                return false;
            }
        };
    }
}
