package dev.meridian.platform.ratelimit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (an IP address, an account): {@code capacity} requests at once, refilled at
 * {@code perMinute}. Memory stays bounded: when more than {@code maxKeys} keys are tracked, buckets that have refilled
 * completely (and so carry no information) are forgotten.
 */
public final class TokenBuckets {
    private final double capacity;
    private final double tokensPerNano;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(int capacity, int perMinute, int maxKeys) {
        this(capacity, perMinute, maxKeys, System::nanoTime);
    }

    TokenBuckets(int capacity, int perMinute, int maxKeys, LongSupplier nanoTime) {
        if (capacity < 1 || perMinute < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("a rate limit needs capacity, per-minute and max keys of at least 1");
        }
        this.capacity = capacity;
        this.tokensPerNano = perMinute / (double) Duration.ofMinutes(1).toNanos();
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
    }

    /** @return empty when the request may go ahead, else how long until a token is available */
    public Optional<Duration> take(String key) {
        long now = nanoTime.getAsLong();
        if (buckets.size() > maxKeys) {
            buckets.values().removeIf(b -> b.full(now));
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        return bucket.take(now);
    }

    private final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized Optional<Duration> take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / tokensPerNano)));
        }

        synchronized boolean full(long now) {
            refill(now);
            return tokens >= capacity;
        }

        private void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - updated) * tokensPerNano);
            updated = now;
        }
    }
}
