package dev.meridian.world.net;

/**
 * A per-session message budget: {@code rate} messages per second sustained, up to {@code capacity} at once. Used by
 * the session's event loop only.
 */
final class TokenBucket {
    private final double rate;
    private final double capacity;
    private double tokens;
    private long refilledAt;

    TokenBucket(int rate, int capacity, long now) {
        this.rate = rate;
        this.capacity = Math.max(1, capacity);
        this.tokens = this.capacity;
        this.refilledAt = now;
    }

    boolean take(long now) {
        tokens = Math.min(capacity, tokens + (now - refilledAt) * rate / 1e9);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
