package dev.meridian.character.app;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.Character;
import dev.meridian.character.domain.CharacterClass;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterName;
import dev.meridian.character.domain.Spawn;
import dev.meridian.platform.events.EventPublisher;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** An account's characters: list, look up (own characters only) and create. */
public final class CharacterRoster {
    private final Characters characters;
    private final EventPublisher events;
    private final Spawn spawn;
    private final int limit;
    private final Clock clock;

    public CharacterRoster(Characters characters, EventPublisher events, Spawn spawn, int limit, Clock clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("the character limit must be at least 1, got " + limit);
        }
        this.characters = characters;
        this.events = events;
        this.spawn = spawn;
        this.limit = limit;
        this.clock = clock;
    }

    public List<Character> list(AccountId account) {
        return characters.ofAccount(account);
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
        events.publish(CharacterCreated.TYPE, CharacterCreated.of(character));
        return character;
    }
}
