package dev.meridian.platform.ratelimit;

/**
 * One token bucket: {@code capacity} tokens at once, refilled at a steady rate. Not thread-safe on purpose: each user
 * already serialises its calls (a world session's event loop; {@link TokenBuckets} under the bucket's lock), so a
 * lock here would only cost.
 */
public final class TokenBucket {
    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long updated;

    private TokenBucket(int capacity, double tokensPerNano, long now) {
        if (capacity < 1 || !(tokensPerNano > 0)) {
            throw new IllegalArgumentException("a token bucket needs a capacity and a rate of at least 1");
        }
        this.capacity = capacity;
        this.tokensPerNano = tokensPerNano;
        this.tokens = capacity;
        this.updated = now;
    }

    /** @param now {@link System#nanoTime()} or a test clock in the same unit */
    public static TokenBucket perSecond(int rate, int capacity, long now) {
        return new TokenBucket(capacity, rate / 1e9, now);
    }

    public static TokenBucket perMinute(int rate, int capacity, long now) {
        return new TokenBucket(capacity, rate / 60e9, now);
    }

    /** Takes one token if there is one. */
    public boolean tryTake(long now) {
        refill(now);
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Nanoseconds until a token is available; 0 when one is now. */
    public long nanosUntilToken(long now) {
        refill(now);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / tokensPerNano);
    }

    /** Whether the bucket has refilled completely, so that forgetting it loses nothing. */
    public boolean full(long now) {
        refill(now);
        return tokens >= capacity;
    }

    private void refill(long now) {
        tokens = Math.min(capacity, tokens + (now - updated) * tokensPerNano);
        updated = now;
    }
}
