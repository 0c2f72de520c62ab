package dev.meridian.character.app;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.Character;
import dev.meridian.character.domain.CharacterClass;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterName;
import dev.meridian.character.domain.Spawn;
import dev.meridian.events.EventPublisher;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** An account's characters: list, look up (own characters only), create, rename and delete. */
public final class CharacterRoster {
    private final Characters characters;
    private final CharacterListCache cache;
    private final CharacterPresence presence;
    private final EventPublisher events;
    private final Spawn spawn;
    private final int limit;
    private final Clock clock;

    public CharacterRoster(Characters characters, EventPublisher events, Spawn spawn, int limit, Clock clock) {
        this(characters, CharacterListCache.none(), CharacterPresence.none(), events, spawn, limit, clock);
    }

    public CharacterRoster(
            Characters characters,
            CharacterListCache cache,
            CharacterPresence presence,
            EventPublisher events,
            Spawn spawn,
            int limit,
            Clock clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("the character limit must be at least 1, got " + limit);
        }
        this.characters = characters;
        this.cache = cache;
        this.presence = presence;
        this.events = events;
        this.spawn = spawn;
        this.limit = limit;
        this.clock = clock;
    }

    public List<Character> list(AccountId account) {
        return characters.ofAccount(account);
    }

    /**
     * The account's characters, oldest first, rendered in {@code format}: from the cache when it holds them in that
     * format, else read from the store, rendered and cached.
     */
    public byte[] list(AccountId account, CharacterListFormat format) {
        return cache.get(account, format.name()).orElseGet(() -> {
            byte[] rendered = format.render(characters.ofAccount(account));
            cache.put(account, format.name(), rendered);
            return rendered;
        });
    }

    /** @throws CharacterNotFoundException when it does not exist or belongs to another account */
    public Character get(AccountId account, CharacterId id) {
        return characters
                .byId(id)
                .filter(c -> c.accountId().equals(account))
                .orElseThrow(CharacterNotFoundException::new);
    }

    public Character create(AccountId account, CharacterName name, CharacterClass characterClass) {
        // microseconds: what Postgres keeps, so a character reads back exactly as it was returned
        Character character = Character.create(
                CharacterId.random(),
                account,
                name,
                characterClass,
                spawn,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        characters.add(character, limit);
        cache.evict(account);
        events.publish(CharacterCreated.TYPE, CharacterCreated.of(character));
        return character;
    }

    /**
     * Renames one of the account's characters (a no-op when the name is the same, case included).
     *
     * @throws CharacterNotFoundException when it does not exist or belongs to another account
     * @throws NameTakenException when another character has the name, ignoring case
     */
    public Character rename(AccountId account, CharacterId id, CharacterName name) {
        Character current = get(account, id);
        if (current.name().equals(name)) {
            return current;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Character renamed = characters.rename(id, account, name, now).orElseThrow(CharacterNotFoundException::new);
        cache.evict(account);
        events.publish(CharacterRenamed.TYPE, CharacterRenamed.of(current.name(), renamed));
        return renamed;
    }

    /**
     * Takes the character out of the world, then deletes it: its name is free at once.
     *
     * @throws CharacterNotFoundException when it does not exist or belongs to another account
     */
    public void delete(AccountId account, CharacterId id) {
        Character character = get(account, id);
        presence.remove(id, "character_deleted");
        if (!characters.delete(id, account)) {
            // deleted by a concurrent request in the meantime: that one answered 204 and published the event
            throw new CharacterNotFoundException();
        }
        cache.evict(account);
        events.publish(CharacterDeleted.TYPE, CharacterDeleted.of(character));
    }
}
