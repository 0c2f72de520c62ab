package dev.meridian.character.app;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.Character;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterName;
import dev.meridian.character.domain.CharacterPosition;
import dev.meridian.character.domain.FencedPosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@link Characters} contract in memory: case-insensitive unique names, per-account limit, oldest first. */
final class InMemoryCharacters implements Characters {
    private final List<Character> characters = new ArrayList<>();
    private final Map<String, Long> fences = new HashMap<>();

    @Override
    public synchronized List<Character> ofAccount(AccountId account) {
        return characters.stream()
                .filter(c -> c.accountId().equals(account))
                .sorted(Comparator.comparing(Character::createdAt))
                .toList();
    }

    @Override
    public synchronized Optional<Character> byId(CharacterId id) {
        return characters.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    @Override
    public synchronized void add(Character character, int limit) {
        String name = character.name().value().toLowerCase(Locale.ROOT);
        if (characters.stream()
                .anyMatch(c -> c.name().value().toLowerCase(Locale.ROOT).equals(name))) {
            throw new NameTakenException();
        }
        if (ofAccount(character.accountId()).size() >= limit) {
            throw new CharacterLimitException(limit);
        }
        characters.add(character);
    }

    @Override
    public synchronized boolean delete(CharacterId id, AccountId owner) {
        return characters.removeIf(c -> c.id().equals(id) && c.accountId().equals(owner));
    }

    @Override
    public synchronized Optional<Character> rename(CharacterId id, AccountId owner, CharacterName name, Instant now) {
        Optional<Character> found = byId(id).filter(c -> c.accountId().equals(owner));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String lower = name.value().toLowerCase(Locale.ROOT);
        if (characters.stream()
                .anyMatch(c -> !c.id().equals(id)
                        && c.name().value().toLowerCase(Locale.ROOT).equals(lower))) {
            throw new NameTakenException();
        }
        Character c = found.get();
        Character renamed = new Character(
                c.id(), c.accountId(), name, c.characterClass(), c.level(), c.zone(), c.x(), c.y(), c.createdAt(), now);
        characters.set(characters.indexOf(c), renamed);
        return Optional.of(renamed);
    }

    @Override
    public synchronized Set<AccountId> savePositions(Collection<CharacterPosition> positions) {
        Set<AccountId> owners = new HashSet<>();
        for (CharacterPosition position : positions) {
            byId(position.character()).ifPresent(c -> {
                characters.set(
                        characters.indexOf(c),
                        new Character(
                                c.id(),
                                c.accountId(),
                                c.name(),
                                c.characterClass(),
                                c.level(),
                                position.zone(),
                                position.x(),
                                position.y(),
                                c.createdAt(),
                                c.updatedAt()));
                owners.add(c.accountId());
            });
        }
        return owners;
    }

    @Override
    public synchronized boolean fenceZone(String zone, long epoch) {
        if (fences.getOrDefault(zone, 0L) > epoch) {
            return false;
        }
        fences.put(zone, epoch);
        return true;
    }

    @Override
    public synchronized FencedSave saveFencedPositions(Collection<FencedPosition> positions) {
        List<CharacterPosition> accepted = new ArrayList<>();
        List<FencedPosition> refused = new ArrayList<>();
        for (FencedPosition fenced : positions) {
            if (fences.getOrDefault(fenced.position().zone(), 0L) == fenced.epoch()) {
                accepted.add(fenced.position());
            } else {
                refused.add(fenced);
            }
        }
        return new FencedSave(savePositions(accepted), refused);
    }
}
