package dev.meridian.world.cluster;

import java.time.Duration;

/** Answers where a zone's players are served; may ask the lease store, so never on an event loop or a tick. */
public interface ZoneRouter {

    /** A single node owns every zone of its map. */
    ZoneRouter SINGLE_NODE = new ZoneRouter() {
        @Override
        public Route route(String zone) {
            return new Route.Here();
        }

        @Override
        public boolean serves(String zone) {
            return true;
        }

        @Override
        public Duration retryAfter() {
            return Duration.ofSeconds(1);
        }
    };

    Route route(String zone);

    /** Whether this node runs the zone now, without asking anyone: safe on an event loop. */
    boolean serves(String zone);

    /** How long a client waits before joining a zone that no node runs right now (it may have moved by then). */
    Duration retryAfter();
}
