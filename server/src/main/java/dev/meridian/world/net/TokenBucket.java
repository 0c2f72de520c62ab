package dev.meridian.world.net;

/** A per-session message budget: {@code rate} messages per second, bursts up to {@code rate}. Used by the
 * session's event loop only. */
final class TokenBucket {
    private final double rate;
    private double tokens;
    private long refilledAt;

    TokenBucket(int rate, long now) {
        this.rate = rate;
        this.tokens = rate;
        this.refilledAt = now;
    }

    boolean take(long now) {
        tokens = Math.min(rate, tokens + (now - refilledAt) * rate / 1e9);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
