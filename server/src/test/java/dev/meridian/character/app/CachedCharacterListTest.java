package dev.meridian.character.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.Character;
import dev.meridian.character.domain.CharacterClass;
import dev.meridian.character.domain.CharacterName;
import dev.meridian.character.domain.CharacterPosition;
import dev.meridian.character.domain.Spawn;
import dev.meridian.testing.InMemoryEvents;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CachedCharacterListTest {
    private final InMemoryCharacterListCache cache = new InMemoryCharacterListCache();
    private final InMemoryCharacters characters = new InMemoryCharacters();
    private final CharacterRoster roster = new CharacterRoster(
            characters,
            cache,
            CharacterPresence.none(),
            new InMemoryEvents(),
            new Spawn("meadow", 0, 0),
            10,
            Clock.systemUTC());
    private final AccountId ada = AccountId.random();
    private final CountingFormat names = new CountingFormat("names-1");

    @Test
    void theSecondListIsServedFromTheCacheWithoutRendering() {
        roster.create(ada, new CharacterName("Ada"), CharacterClass.DEFAULT);
        assertThat(text(roster.list(ada, names)), is("Ada"));
        assertThat(text(roster.list(ada, names)), is("Ada"));
        assertThat(names.rendered, is(1));
    }

    @Test
    void creatingACharacterEvictsTheAccountsList() {
        roster.create(ada, new CharacterName("Ada"), CharacterClass.DEFAULT);
        roster.list(ada, names);
        roster.create(ada, new CharacterName("Grace"), CharacterClass.DEFAULT);
        assertThat(text(roster.list(ada, names)), is("Ada,Grace"));
        assertThat(names.rendered, is(2));
    }

    @Test
    void aListCachedInAnotherFormatIsRenderedAgainAndReplaced() {
        roster.create(ada, new CharacterName("Ada"), CharacterClass.DEFAULT);
        CountingFormat older = new CountingFormat("names-0");
        roster.list(ada, older);
        assertThat(text(roster.list(ada, names)), is("Ada"));
        assertThat(text(roster.list(ada, names)), is("Ada"));
        assertThat(names.rendered, is(1));
    }

    @Test
    void listsAreCachedPerAccount() {
        AccountId grace = AccountId.random();
        roster.create(ada, new CharacterName("Ada"), CharacterClass.DEFAULT);
        roster.create(grace, new CharacterName("Grace"), CharacterClass.DEFAULT);
        assertThat(text(roster.list(ada, names)), is("Ada"));
        assertThat(text(roster.list(grace, names)), is("Grace"));
    }

    @Test
    void theWorldSavingPositionsEvictsTheOwnersListsOnly() {
        AccountId grace = AccountId.random();
        Character moved = roster.create(ada, new CharacterName("Ada"), CharacterClass.DEFAULT);
        roster.create(grace, new CharacterName("Grace"), CharacterClass.DEFAULT);
        CountingFormat places = new CountingFormat("places-1", c -> c.name().value() + "@" + c.zone() + ":" + c.x());
        roster.list(ada, places);
        roster.list(grace, places);

        new CharacterPositions(characters, cache).save(List.of(new CharacterPosition(moved.id(), "forest", 12, 34)));

        assertThat(text(roster.list(ada, places)), is("Ada@forest:12.0"));
        assertThat(text(roster.list(grace, places)), is("Grace@meadow:0.0"));
        assertThat(places.rendered, is(3));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Renders each character (its name unless told otherwise), comma-separated, and counts how often it had to. */
    private static final class CountingFormat implements CharacterListFormat {
        private final String name;
        private final Function<Character, String> each;
        private int rendered;

        CountingFormat(String name) {
            this(name, c -> c.name().value());
        }

        CountingFormat(String name, Function<Character, String> each) {
            this.name = name;
            this.each = each;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public byte[] render(List<Character> characters) {
            rendered++;
            return String.join(",", characters.stream().map(each).toList()).getBytes(StandardCharsets.UTF_8);
        }
    }
}
