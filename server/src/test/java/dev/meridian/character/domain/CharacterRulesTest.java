package dev.meridian.character.domain;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CharacterRulesTest {

    @Test
    void namesAre3To16LettersDigitsUnderscoresOrDashes() {
        for (String ok : new String[] {"Ada", "ada_the-2nd", "x".repeat(16), "123"}) {
            assertThat(ok, CharacterName.parse(ok).isPresent(), is(true));
        }
        for (String bad : new String[] {"ab", "x".repeat(17), "a b", "Zoë", "ad@", "", "ada\n"}) {
            assertThat(bad, CharacterName.parse(bad), is(Optional.empty()));
        }
    }

    @Test
    void classesAreTheDocumentedLowerCaseNames() {
        assertThat(CharacterClass.parse("cleric"), is(Optional.of(CharacterClass.CLERIC)));
        assertThat(CharacterClass.parse("Cleric"), is(Optional.empty()));
        assertThat(CharacterClass.allowed(), is("warrior, mage, rogue, cleric, ranger"));
        assertThat(CharacterClass.DEFAULT, is(CharacterClass.WARRIOR));
    }

    @Test
    void idsMustBeCanonicalUuids() {
        assertThat(CharacterId.parse("3baea065-6f3a-42b4-87b9-4806c0a26279").isPresent(), is(true));
        assertThat(CharacterId.parse("1-1-1-1-1"), is(Optional.empty()));
        assertThat(CharacterId.parse("not-a-uuid"), is(Optional.empty()));
    }
}
