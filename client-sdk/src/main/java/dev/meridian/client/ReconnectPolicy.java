package dev.meridian.client;

import java.time.Duration;

/**
 * Whether and how a {@link WorldConnection} comes back after losing the server: exponential backoff from
 * {@code initialDelay} up to {@code maxDelay} (with jitter, so a restarted server is not hit by every client at
 * once), at most {@code maxAttempts} tries in a row (0: no limit). A welcome resets the count.
 *
 * @param enabled whether to reconnect at all
 * @param initialDelay the wait before the first try
 * @param maxDelay the longest wait between tries
 * @param maxAttempts tries in a row before giving up, 0 for no limit
 */
public record ReconnectPolicy(boolean enabled, Duration initialDelay, Duration maxDelay, int maxAttempts) {
    /** No reconnect: the first close is final. */
    public static final ReconnectPolicy NEVER = new ReconnectPolicy(false, Duration.ZERO, Duration.ZERO, 0);

    /** Checks the policy; see {@link #backoff()} for the usual one. */
    public ReconnectPolicy {
        if (enabled && (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0)) {
            throw new IllegalArgumentException("need 0 < initialDelay <= maxDelay");
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must be >= 0");
        }
    }

    /** Reconnect forever, from 250 ms up to 10 s between tries. */
    public static ReconnectPolicy backoff() {
        return new ReconnectPolicy(true, Duration.ofMillis(250), Duration.ofSeconds(10), 0);
    }

    /** The delay before try number {@code attempt} (1-based), before jitter. */
    Duration delay(int attempt) {
        long millis = initialDelay.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }
}
