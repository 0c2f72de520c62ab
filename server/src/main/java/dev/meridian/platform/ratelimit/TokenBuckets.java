package dev.meridian.platform.ratelimit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per key (an IP address, an account): {@code capacity} requests at once, refilled at
 * {@code perMinute}. Memory stays bounded: when more than {@code maxKeys} keys are tracked, buckets that have refilled
 * completely (and so carry no information) are forgotten.
 */
public final class TokenBuckets {
    private final int capacity;
    private final int perMinute;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(int capacity, int perMinute, int maxKeys) {
        this(capacity, perMinute, maxKeys, System::nanoTime);
    }

    TokenBuckets(int capacity, int perMinute, int maxKeys, LongSupplier nanoTime) {
        if (capacity < 1 || perMinute < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("a rate limit needs capacity, per-minute and max keys of at least 1");
        }
        this.capacity = capacity;
        this.perMinute = perMinute;
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
    }

    /** @return empty when the request may go ahead, else how long until a token is available */
    public Optional<Duration> take(String key) {
        long now = nanoTime.getAsLong();
        if (buckets.size() > maxKeys) {
            buckets.values().removeIf(bucket -> full(bucket, now));
        }
        TokenBucket bucket = buckets.computeIfAbsent(key, k -> TokenBucket.perMinute(perMinute, capacity, now));
        synchronized (bucket) {
            return bucket.tryTake(now) ? Optional.empty() : Optional.of(Duration.ofNanos(bucket.nanosUntilToken(now)));
        }
    }

    /** A wait as the whole seconds of a {@code Retry-After} header: rounded up, at least 1. */
    public static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private static boolean full(TokenBucket bucket, long now) {
        synchronized (bucket) {
            return bucket.full(now);
        }
    }
}
