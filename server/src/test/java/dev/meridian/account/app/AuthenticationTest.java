package dev.meridian.account.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Email;
import dev.meridian.account.domain.PasswordPolicy;
import dev.meridian.testing.InMemoryEvents;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The use cases with in-memory ports and a transparent "hash" that records its parameters, so a change of
 * parameters (and the rehash it triggers) is visible.
 */
class AuthenticationTest {
    private static final Email ADA = Email.parse("ada@example.com").orElseThrow();
    private static final String PASSWORD = "correct horse battery";

    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryEvents events = new InMemoryEvents();
    private final FakePasswords passwords = new FakePasswords("v1");

    private Authentication authentication(FakePasswords with) {
        return new Authentication(
                accounts, with, new PasswordPolicy(12, 128), new FakeTokens(), events, Clock.systemUTC());
    }

    @Test
    void registerThenLoginGivesTokensForTheSameAccount() {
        Authentication.Session registered = authentication(passwords).register(ADA, PASSWORD);
        Authentication.Session loggedIn = authentication(passwords).login(ADA, PASSWORD);
        assertThat(loggedIn.account(), is(registered.account()));
        assertThat(loggedIn.token().token(), is("token-for-" + registered.account()));
        assertThat(events.published().getFirst().type(), is("account.registered"));
        assertThat(
                events.published().getFirst().data(),
                is(new AccountRegistered(registered.account().toString())));
    }

    @Test
    void theSameEmailCannotRegisterTwice() {
        authentication(passwords).register(ADA, PASSWORD);
        assertThrows(EmailTakenException.class, () -> authentication(passwords).register(ADA, "another password!"));
        assertThat(events.published().size(), is(1));
    }

    @Test
    void unknownEmailAndWrongPasswordFailAlikeAndBothSpendAVerification() {
        authentication(passwords).register(ADA, PASSWORD);
        int before = passwords.verifications;
        assertThrows(
                InvalidCredentialsException.class,
                () -> authentication(passwords).login(ADA, "wrong password!"));
        Email nobody = Email.parse("nobody@example.com").orElseThrow();
        assertThrows(
                InvalidCredentialsException.class,
                () -> authentication(passwords).login(nobody, PASSWORD));
        assertThat(passwords.verifications, is(before + 2));
    }

    @Test
    void loginRehashesWhenTheParametersChanged() {
        authentication(passwords).register(ADA, PASSWORD);
        assertThat(accounts.byEmail(ADA).orElseThrow().passwordHash(), startsWith("v1:"));
        FakePasswords upgraded = new FakePasswords("v2");
        authentication(upgraded).login(ADA, PASSWORD);
        assertThat(accounts.byEmail(ADA).orElseThrow().passwordHash(), startsWith("v2:"));
        String rehashed = accounts.byEmail(ADA).orElseThrow().passwordHash();
        authentication(upgraded).login(ADA, PASSWORD);
        assertThat(accounts.byEmail(ADA).orElseThrow().passwordHash(), is(rehashed));
        assertThat(rehashed, not(startsWith("v1:")));
    }

    /** "params:password": enough to tell parameters apart; the real Argon2id is tested in Argon2PasswordsTest. */
    private static final class FakePasswords implements Passwords {
        private final String params;
        int verifications;

        FakePasswords(String params) {
            this.params = params;
        }

        @Override
        public String hash(String password) {
            return params + ":" + password;
        }

        @Override
        public Verification verify(String password, String hash) {
            verifications++;
            boolean matches = hash.substring(hash.indexOf(':') + 1).equals(password);
            return new Verification(matches, matches && !hash.startsWith(params + ":"));
        }

        @Override
        public void verifyNothing(String password) {
            verifications++;
        }
    }

    private static final class FakeTokens implements AccessTokens {
        @Override
        public IssuedToken issue(AccountId account) {
            return new IssuedToken("token-for-" + account, Duration.ofMinutes(15));
        }

        @Override
        public AccountId verify(String token) {
            throw new InvalidTokenException("not used here");
        }
    }
}
