package dev.meridian.account.domain;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmailAndPasswordPolicyTest {

    @Test
    void emailsAreTrimmedAndLowerCased() {
        assertThat(Email.parse("  Ada@Example.COM\t").map(Email::value), is(Optional.of("ada@example.com")));
    }

    @Test
    void textThatIsNotAnEmailIsRefused() {
        for (String text : new String[] {
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a da@example.com",
            "ada@@example.com",
            "a".repeat(250) + "@example.com",
            "ada\u0000@example.com",
            "ada@exam\u0000ple.com",
            "ada\u0007@example.com"
        }) {
            assertThat(text, Email.parse(text), is(Optional.empty()));
        }
    }

    @Test
    void passwordsAreMeasuredInCodePointsWithoutCompositionRules() {
        PasswordPolicy policy = new PasswordPolicy(12, 128);
        assertThat(policy.problem("aaaaaaaaaaaa"), is(Optional.empty()));
        assertThat(policy.problem("aaaaaaaaaaa"), is(Optional.of("must be at least 12 characters")));
        // 12 emoji are 24 UTF-16 chars but 12 characters to their user
        assertThat(policy.problem("😀".repeat(12)), is(Optional.empty()));
        assertThat(policy.problem("😀".repeat(11)).isPresent(), is(true));
        assertThat(policy.problem("a".repeat(129)), is(Optional.of("must be at most 128 characters")));
    }

    @Test
    void passwordsWithUnpairedSurrogatesAreRefused() {
        PasswordPolicy policy = new PasswordPolicy(12, 128);
        assertThat(policy.problem("abcdefghijkl\ud800"), is(Optional.of("must be valid Unicode text")));
        assertThat(policy.problem("\udfffabcdefghijkl"), is(Optional.of("must be valid Unicode text")));
        assertThat(policy.problem("abcdefghijkl\ud83d\ude00"), is(Optional.empty()));
        assertThat(PasswordPolicy.wellFormed("\ud83d\ude00\ud83d"), is(false));
    }

    @Test
    void passwordsAreNormalisedToNfkc() {
        assertThat(PasswordPolicy.normalised("ｃａｆé ﬁ"), is("café fi"));
        assertThat(PasswordPolicy.normalised("cafe\u0301"), is("café"));
    }

    @Test
    void aMaximumBelow128IsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordPolicy(12, 64));
        assertThrows(IllegalArgumentException.class, () -> new PasswordPolicy(200, 150));
    }
}
