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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CharacterRosterTest {
    private final InMemoryEvents events = new InMemoryEvents();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.123456789Z"));
    private final CharacterRoster roster =
            new CharacterRoster(new InMemoryCharacters(), events, new Spawn("meadow", 12.5, 40), 2, clock);
    private final AccountId ada = AccountId.random();

    @Test
    void aNewCharacterIsLevelOneAtTheSpawnWithMicrosecondTimestamps() {
        Character hero = roster.create(ada, new CharacterName("Ada"), CharacterClass.MAGE);
        assertThat(hero.level(), is(1));
        assertThat(hero.zone(), is("meadow"));
        assertThat(hero.x(), is(12.5));
        assertThat(hero.y(), is(40.0));
        assertThat(hero.createdAt(), is(Instant.parse("2026-01-01T00:00:00.123456Z")));
        assertThat(hero.updatedAt(), is(hero.createdAt()));
    }

    @Test
    void theListIsOldestFirstAndOnlyTheAccountsOwn() {
        Character first = roster.create(ada, new CharacterName("First"), CharacterClass.DEFAULT);
        clock.advanceSeconds(1);
        Character second = roster.create(ada, new CharacterName("Second"), CharacterClass.DEFAULT);
        roster.create(AccountId.random(), new CharacterName("Stranger"), CharacterClass.DEFAULT);
        assertThat(roster.list(ada), is(List.of(first, second)));
    }

    @Test
    void anotherAccountsCharacterIsNotFoundLikeAMissingOne() {
        Character hero = roster.create(ada, new CharacterName("Ada"), CharacterClass.MAGE);
        assertThat(roster.get(ada, hero.id()), is(hero));
        assertThrows(CharacterNotFoundException.class, () -> roster.get(AccountId.random(), hero.id()));
        assertThrows(CharacterNotFoundException.class, () -> roster.get(ada, CharacterId.random()));
    }

    @Test
    void theLimitAndTakenNamesAreRefused() {
        roster.create(ada, new CharacterName("One"), CharacterClass.DEFAULT);
        assertThrows(
                NameTakenException.class,
                () -> roster.create(AccountId.random(), new CharacterName("ONE"), CharacterClass.DEFAULT));
        roster.create(ada, new CharacterName("Two"), CharacterClass.DEFAULT);
        assertThrows(
                CharacterLimitException.class,
                () -> roster.create(ada, new CharacterName("Three"), CharacterClass.DEFAULT));
    }

    @Test
    void creatingPublishesCharacterCreated() {
        Character hero = roster.create(ada, new CharacterName("Ada"), CharacterClass.RANGER);
        assertThat(events.published().size(), is(1));
        assertThat(events.published().getFirst().type(), is("character.created"));
        assertThat(
                events.published().getFirst().data(),
                is(new CharacterCreated(hero.id().toString(), ada.toString(), "Ada", "ranger", "meadow", 12.5, 40)));
    }

    @Test
    void aRefusedCreatePublishesNothing() {
        roster.create(ada, new CharacterName("Ada"), CharacterClass.DEFAULT);
        assertThrows(
                NameTakenException.class, () -> roster.create(ada, new CharacterName("ada"), CharacterClass.DEFAULT));
        assertThat(events.published().size(), is(1));
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advanceSeconds(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
