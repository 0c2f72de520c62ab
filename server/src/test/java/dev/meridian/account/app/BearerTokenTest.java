package dev.meridian.account.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

    @Test
    void theTokenFollowsTheSchemeWhateverItsCase() {
        assertThat(BearerToken.parse("Bearer abc.def"), is(Optional.of("abc.def")));
        assertThat(BearerToken.parse("bearer abc.def"), is(Optional.of("abc.def")));
        assertThat(BearerToken.parse("BEARER abc.def"), is(Optional.of("abc.def")));
    }

    @Test
    void whitespaceAroundTheTokenIsNotPartOfIt() {
        assertThat(BearerToken.parse("Bearer   abc.def  "), is(Optional.of("abc.def")));
    }

    @Test
    void anotherSchemeOrNoTokenIsNoBearerToken() {
        assertThat(BearerToken.parse("Basic YWRhOnNlY3JldA=="), is(Optional.empty()));
        assertThat(BearerToken.parse("Bearer"), is(Optional.empty()));
        assertThat(BearerToken.parse("Bearer    "), is(Optional.empty()));
        assertThat(BearerToken.parse("Bearerabc"), is(Optional.empty()));
        assertThat(BearerToken.parse(""), is(Optional.empty()));
    }
}
