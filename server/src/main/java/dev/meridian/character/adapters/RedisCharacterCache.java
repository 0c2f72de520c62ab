package dev.meridian.character.adapters;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.app.CharacterListCache;
import dev.meridian.platform.logging.ThrottledLog;
import dev.meridian.platform.redis.RedisConnector;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;

/**
 * Rendered character lists in Redis, one key per account, with a TTL. The value is the format's name, a newline and
 * the rendered bytes: a server finding another format's rendering (a different version during a rolling update)
 * treats it as a miss and replaces it, and one delete forgets the account's list whatever its format.
 *
 * <p>Redis is optional: every failure or timeout (the connection's command timeout, ≈100 ms) is counted, logged at
 * most once a minute and answered as a miss, so the caller reads Postgres. The entry is deleted after every change
 * commits (the roster's creates, renames and deletes, the world's position writes); a delete that fails, and a list
 * read from Postgres just before a change commits and stored just after its delete, can leave a stale entry, which
 * the TTL bounds.
 */
public final class RedisCharacterCache implements CharacterListCache {
    private static final System.Logger LOG = System.getLogger(RedisCharacterCache.class.getName());
    private static final byte SEPARATOR = '\n';

    private final RedisConnector redis;
    private final SetArgs ttl;
    private final Counter hits;
    private final Counter misses;
    private final Counter errors;
    private final ThrottledLog failures = new ThrottledLog(LOG, Duration.ofMinutes(1));

    public RedisCharacterCache(RedisConnector redis, Duration ttl, MeterRegistry metrics) {
        this.redis = redis;
        this.ttl = SetArgs.Builder.px(ttl.toMillis());
        this.hits = counter(metrics, "character_cache_hits", "Character lists served from Redis");
        this.misses = counter(metrics, "character_cache_misses", "Character lists not in Redis, read from Postgres");
        this.errors = counter(metrics, "character_cache_errors", "Redis failures and timeouts, served from Postgres");
    }

    @Override
    public Optional<byte[]> get(AccountId account, String format) {
        byte[] value;
        try {
            value = redis.call(r -> r.get(key(account)));
        } catch (RuntimeException e) {
            failed("get", e);
            return Optional.empty();
        }
        byte[] prefix = prefix(format);
        if (value == null || !startsWith(value, prefix)) {
            misses.increment();
            return Optional.empty();
        }
        hits.increment();
        return Optional.of(Arrays.copyOfRange(value, prefix.length, value.length));
    }

    @Override
    public void put(AccountId account, String format, byte[] rendered) {
        byte[] prefix = prefix(format);
        byte[] value = Arrays.copyOf(prefix, prefix.length + rendered.length);
        System.arraycopy(rendered, 0, value, prefix.length, rendered.length);
        try {
            redis.call(r -> r.set(key(account), value, ttl));
        } catch (RuntimeException e) {
            failed("set", e);
        }
    }

    @Override
    public void evict(AccountId account) {
        try {
            redis.call(r -> r.del(key(account)));
        } catch (RuntimeException e) {
            failed("delete", e);
        }
    }

    @Override
    public void evictAll(Collection<AccountId> accounts) {
        if (accounts.isEmpty()) {
            return;
        }
        String[] keys = accounts.stream().map(RedisCharacterCache::key).toArray(String[]::new);
        try {
            redis.call(r -> r.del(keys));
        } catch (RuntimeException e) {
            failed("delete", e);
        }
    }

    private void failed(String operation, Exception e) {
        errors.increment();
        failures.warn("event=character_cache_failed operation=" + operation + " error=\"" + e.getMessage() + "\"");
    }

    static String key(AccountId account) {
        return "meridian:character-list:" + account;
    }

    private static byte[] prefix(String format) {
        if (format.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("a format name cannot contain a newline: " + format);
        }
        byte[] name = format.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = Arrays.copyOf(name, name.length + 1);
        prefix[name.length] = SEPARATOR;
        return prefix;
    }

    private static boolean startsWith(byte[] value, byte[] prefix) {
        return value.length >= prefix.length && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static Counter counter(MeterRegistry metrics, String name, String description) {
        return metrics.getOrCreate(Counter.builder(name).description(description));
    }
}
