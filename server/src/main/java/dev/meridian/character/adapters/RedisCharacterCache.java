package dev.meridian.character.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.meridian.account.domain.AccountId;
import dev.meridian.character.app.Characters;
import dev.meridian.character.domain.Character;
import dev.meridian.character.domain.CharacterClass;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterName;
import dev.meridian.platform.logging.ThrottledLog;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Cache-aside in Redis for an account's character list, in front of another {@link Characters}. Redis is optional:
 * every Redis failure or timeout (the connection's command timeout, ≈100 ms) falls back to the store behind, is counted
 * and logged at most once a minute. Creating a character deletes the account's entry after its commit; writes made
 * elsewhere (the world's position updates), a delete that fails, and a list read from Postgres just before a create
 * commits and stored just after its delete can all leave a stale entry, which the TTL bounds.
 */
public final class RedisCharacterCache implements Characters {
    private static final System.Logger LOG = System.getLogger(RedisCharacterCache.class.getName());
    private static final TypeReference<List<Entry>> LIST = new TypeReference<>() {};

    private final Characters store;
    private final Supplier<Optional<RedisCommands<String, String>>> redis;
    private final SetArgs ttl;
    private final ObjectMapper json = new ObjectMapper();
    // built once: the hit path decodes on every request
    private final ObjectReader reader = json.readerFor(LIST);
    private final ObjectWriter writer = json.writerFor(LIST);
    private final Counter hits;
    private final Counter misses;
    private final Counter errors;
    private final ThrottledLog failures = new ThrottledLog(LOG, Duration.ofMinutes(1));

    public RedisCharacterCache(
            Characters store,
            Supplier<Optional<RedisCommands<String, String>>> redis,
            Duration ttl,
            MeterRegistry metrics) {
        this.store = store;
        this.redis = redis;
        this.ttl = SetArgs.Builder.px(ttl.toMillis());
        this.hits = counter(metrics, "character_cache_hits", "Character lists served from Redis");
        this.misses = counter(metrics, "character_cache_misses", "Character lists not in Redis, read from Postgres");
        this.errors = counter(metrics, "character_cache_errors", "Redis failures and timeouts, served from Postgres");
    }

    @Override
    public List<Character> ofAccount(AccountId account) {
        String key = key(account);
        Optional<String> cached;
        try {
            cached = Optional.ofNullable(call(r -> r.get(key)));
        } catch (RuntimeException e) {
            failed("get", e);
            return store.ofAccount(account);
        }
        if (cached.isPresent()) {
            try {
                List<Character> characters = decode(cached.get());
                hits.increment();
                return characters;
            } catch (JsonProcessingException | RuntimeException e) {
                // an entry written by another version: read through and overwrite it
                failed("decode", e);
            }
        } else {
            misses.increment();
        }
        List<Character> characters = store.ofAccount(account);
        try {
            String encoded = encode(characters);
            call(r -> r.set(key, encoded, ttl));
        } catch (JsonProcessingException | RuntimeException e) {
            failed("set", e);
        }
        return characters;
    }

    @Override
    public Optional<Character> byId(CharacterId id) {
        return store.byId(id);
    }

    @Override
    public void add(Character character, int limit) {
        store.add(character, limit);
        try {
            call(r -> r.del(key(character.accountId())));
        } catch (RuntimeException e) {
            failed("delete", e);
        }
    }

    private <T> T call(Function<RedisCommands<String, String>, T> command) {
        return command.apply(redis.get().orElseThrow(() -> new IllegalStateException("Redis is not connected")));
    }

    private void failed(String operation, Exception e) {
        errors.increment();
        failures.warn("event=character_cache_failed operation=" + operation + " error=\"" + e.getMessage() + "\"");
    }

    static String key(AccountId account) {
        return "meridian:characters:v2:" + account;
    }

    private String encode(List<Character> characters) throws JsonProcessingException {
        return writer.writeValueAsString(characters.stream().map(Entry::of).toList());
    }

    private List<Character> decode(String text) throws JsonProcessingException {
        List<Entry> entries = reader.readValue(text);
        return entries.stream().map(Entry::character).toList();
    }

    private static Counter counter(MeterRegistry metrics, String name, String description) {
        return metrics.getOrCreate(Counter.builder(name).description(description));
    }

    /**
     * The cached form: plain values, so the domain carries no serialisation concerns; instants as epoch microseconds
     * (what Postgres keeps) because parsing ISO text was the costliest part of a cache hit.
     */
    record Entry(
            String id,
            String accountId,
            String name,
            String characterClass,
            int level,
            String zone,
            double x,
            double y,
            long createdAtMicros,
            long updatedAtMicros) {
        static Entry of(Character c) {
            return new Entry(
                    c.id().toString(),
                    c.accountId().toString(),
                    c.name().value(),
                    c.characterClass().wireName(),
                    c.level(),
                    c.zone(),
                    c.x(),
                    c.y(),
                    micros(c.createdAt()),
                    micros(c.updatedAt()));
        }

        Character character() {
            return new Character(
                    new CharacterId(UUID.fromString(id)),
                    new AccountId(UUID.fromString(accountId)),
                    new CharacterName(name),
                    CharacterClass.valueOf(characterClass.toUpperCase(Locale.ROOT)),
                    level,
                    zone,
                    x,
                    y,
                    instant(createdAtMicros),
                    instant(updatedAtMicros));
        }

        private static long micros(Instant instant) {
            return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
        }

        private static Instant instant(long micros) {
            return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        }
    }
}
