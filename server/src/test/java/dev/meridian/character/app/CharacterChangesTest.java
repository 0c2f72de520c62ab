package dev.meridian.character.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.Character;
import dev.meridian.character.domain.CharacterClass;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterName;
import dev.meridian.character.domain.Spawn;
import dev.meridian.testing.InMemoryEvents;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rename and delete: owner only, the cache forgotten, the world told, events published. */
class CharacterChangesTest {
    private final InMemoryEvents events = new InMemoryEvents();
    private final InMemoryCharacterListCache cache = new InMemoryCharacterListCache();
    private final List<String> removed = new ArrayList<>();
    private final CharacterRoster roster = new CharacterRoster(
            new InMemoryCharacters(),
            cache,
            (character, reason) -> removed.add(character + ":" + reason),
            events,
            new Spawn("meadow", 0, 0),
            10,
            Clock.systemUTC());
    private final AccountId ada = AccountId.random();
    private final AccountId stranger = AccountId.random();

    @Test
    void deletingTakesTheCharacterOutOfTheWorldFreesTheNameAndPublishes() {
        Character hero = roster.create(ada, new CharacterName("Ada"), CharacterClass.MAGE);
        cache.put(ada, "json-1", new byte[] {1});
        roster.delete(ada, hero.id());
        assertThat(removed, is(List.of(hero.id() + ":character_deleted")));
        assertThrows(CharacterNotFoundException.class, () -> roster.get(ada, hero.id()));
        assertThat(cache.get(ada, "json-1").isPresent(), is(false));
        assertThat(events.published().getLast().type(), is("character.deleted"));
        assertThat(
                events.published().getLast().data(),
                is(new CharacterDeleted(hero.id().toString(), ada.toString(), "Ada")));
        roster.create(stranger, new CharacterName("ADA"), CharacterClass.DEFAULT);
    }

    @Test
    void onlyTheOwnerCanDeleteOrRenameAndOthersSeeNotFound() {
        Character hero = roster.create(ada, new CharacterName("Ada"), CharacterClass.MAGE);
        assertThrows(CharacterNotFoundException.class, () -> roster.delete(stranger, hero.id()));
        assertThrows(
                CharacterNotFoundException.class, () -> roster.rename(stranger, hero.id(), new CharacterName("Eve")));
        assertThrows(CharacterNotFoundException.class, () -> roster.delete(ada, CharacterId.random()));
        assertThat(removed, is(List.of()));
        assertThat(roster.get(ada, hero.id()), is(hero));
        assertThat(events.published().size(), is(1));
    }

    @Test
    void renamingKeepsTheRulesAndPublishes() {
        Character hero = roster.create(ada, new CharacterName("Ada"), CharacterClass.MAGE);
        roster.create(stranger, new CharacterName("Taken"), CharacterClass.MAGE);
        assertThrows(NameTakenException.class, () -> roster.rename(ada, hero.id(), new CharacterName("TAKEN")));
        cache.put(ada, "json-1", new byte[] {1});

        Character renamed = roster.rename(ada, hero.id(), new CharacterName("Lovelace"));
        assertThat(renamed.name().value(), is("Lovelace"));
        assertThat(roster.get(ada, hero.id()).name().value(), is("Lovelace"));
        assertThat(cache.get(ada, "json-1").isPresent(), is(false));
        assertThat(
                events.published().getLast().data(),
                is(new CharacterRenamed(hero.id().toString(), ada.toString(), "Ada", "Lovelace")));
        // its own name in another case is not "taken"; the same name is a no-op
        assertThat(
                roster.rename(ada, hero.id(), new CharacterName("LOVELACE"))
                        .name()
                        .value(),
                is("LOVELACE"));
        int published = events.published().size();
        roster.rename(ada, hero.id(), new CharacterName("LOVELACE"));
        assertThat(events.published().size(), is(published));
        roster.create(stranger, new CharacterName("Ada"), CharacterClass.DEFAULT);
    }
}
