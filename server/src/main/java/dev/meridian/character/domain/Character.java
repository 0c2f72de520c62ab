package dev.meridian.character.domain;

import dev.meridian.account.domain.AccountId;
import java.time.Instant;
import java.util.Objects;

/** A player character; x and y are world units inside {@code zone}. */
public record Character(
        CharacterId id,
        AccountId accountId,
        CharacterName name,
        CharacterClass characterClass,
        int level,
        String zone,
        double x,
        double y,
        Instant createdAt,
        Instant updatedAt) {
    public Character {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(characterClass, "characterClass");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A level-1 character at the spawn point. */
    public static Character create(
            CharacterId id, AccountId account, CharacterName name, CharacterClass cls, Spawn spawn, Instant now) {
        return new Character(id, account, name, cls, 1, spawn.zone(), spawn.x(), spawn.y(), now, now);
    }
}
