package dev.meridian.world.cluster;

import java.time.Duration;

/** Where a player of a zone is served. */
public sealed interface Route {

    /** This node ticks the zone. */
    record Here() implements Route {}

    /** Another node holds the zone: the client is redirected there. */
    record There(String zone, WorldNode owner) implements Route {}

    /** Nobody holds the zone right now (its owner died or is starting): the client tries again after a while. */
    record Nowhere(String zone, Duration retryAfter) implements Route {}
}
