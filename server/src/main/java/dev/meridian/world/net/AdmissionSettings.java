package dev.meridian.world.net;

import java.time.Duration;

/**
 * Capacity and join queue (docs/configuration.md, {@code world.max-players}, {@code world.join.*}).
 *
 * @param maxPlayers players the server seats at once; a join beyond it is refused {@code server_full}
 * @param lookups joins that may read their character from the database at the same time
 * @param queue joins that may wait for such a lookup; a join beyond it is refused {@code server_full}
 * @param queueWait how long a queued join waits for its lookup before it is answered {@code unavailable}
 * @param retryAfter what {@code server_full} tells clients to wait before they try again
 * @param overloadWindow how far back a zone's ticks are judged for overload
 * @param overloadShare the share of that window's ticks that must have overrun for joins into the zone to be refused
 *     {@code server_full}
 * @param lagLimit an event loop that runs its work later than this counts as late ({@link LoopLag})
 * @param lagShare the share of the window's time a loop must have been late for joins to be refused {@code server_full}
 */
public record AdmissionSettings(
        int maxPlayers,
        int lookups,
        int queue,
        Duration queueWait,
        Duration retryAfter,
        Duration overloadWindow,
        double overloadShare,
        Duration lagLimit,
        double lagShare) {
    public AdmissionSettings {
        if (maxPlayers < 1 || lookups < 1 || queue < 1) {
            throw new IllegalArgumentException(
                    "world.max-players, world.join.lookups and world.join.queue must be >= 1");
        }
        if (queueWait.isNegative() || queueWait.isZero() || retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("world.join.wait and world.join.retry-after must be positive");
        }
        if (!overloadWindow.isPositive() || !(overloadShare > 0) || overloadShare > 1) {
            throw new IllegalArgumentException(
                    "world.overload.window must be positive and world.overload.overrun-share within (0, 1]");
        }
        if (!lagLimit.isPositive() || !(lagShare > 0) || lagShare > 1) {
            throw new IllegalArgumentException(
                    "world.overload.lag-limit must be positive and world.overload.lag-share within (0, 1]");
        }
    }

    public static AdmissionSettings defaults() {
        return new AdmissionSettings(
                2000,
                4,
                512,
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                0.5,
                Duration.ofMillis(25),
                0.05);
    }
}
