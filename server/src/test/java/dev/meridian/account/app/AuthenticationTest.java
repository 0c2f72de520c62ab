package dev.meridian.account.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.account.domain.Account;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Email;
import dev.meridian.account.domain.FamilyId;
import dev.meridian.account.domain.PasswordPolicy;
import dev.meridian.testing.InMemoryEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The use cases with in-memory ports and a transparent "hash" that records its parameters, so a change of
 * parameters (and the rehash it triggers) is visible.
 */
class AuthenticationTest {
    private static final Email ADA = Email.parse("ada@example.com").orElseThrow();
    private static final String PASSWORD = "correct horse battery";
    private static final ClientInfo CLIENT = new ClientInfo("test", "127.0.0.1");

    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryRefreshTokens refreshTokens = new InMemoryRefreshTokens();
    private final InMemoryEvents events = new InMemoryEvents();
    private final FakePasswords passwords = new FakePasswords("v1");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final CheckedAccessTokens tokens =
            new CheckedAccessTokens(new FakeAccessTokens(), accounts, Duration.ofSeconds(15));
    private final SessionTokens sessions = new SessionTokens(
            tokens, refreshTokens, Roles.playersOnly(), ActiveBans.none(), Duration.ofDays(30), clock);

    private Authentication authentication(FakePasswords with) {
        return new Authentication(accounts, with, new PasswordPolicy(12, 128), sessions, events, clock);
    }

    @Test
    void registerThenLoginGivesTokensForTheSameAccount() {
        Session registered = authentication(passwords).register(ADA, PASSWORD, CLIENT);
        Session loggedIn = authentication(passwords).login(ADA, PASSWORD, CLIENT);
        assertThat(loggedIn.account(), is(registered.account()));
        assertThat(tokens.verify(loggedIn.access().token()), is(registered.account()));
        assertThat(loggedIn.refresh().token(), not(is(registered.refresh().token())));
        assertThat(loggedIn.refresh().expiresIn(), is(Duration.ofDays(30)));
        assertThat(events.published().getFirst().type(), is("account.registered"));
        assertThat(
                events.published().getFirst().data(),
                is(new AccountRegistered(registered.account().toString())));
    }

    @Test
    void theSameEmailCannotRegisterTwice() {
        authentication(passwords).register(ADA, PASSWORD, CLIENT);
        assertThrows(
                EmailTakenException.class, () -> authentication(passwords).register(ADA, "another password!", CLIENT));
        assertThat(events.published().size(), is(1));
    }

    @Test
    void unknownEmailAndWrongPasswordFailAlikeAndBothSpendAVerification() {
        authentication(passwords).register(ADA, PASSWORD, CLIENT);
        int before = passwords.verifications;
        assertThrows(
                InvalidCredentialsException.class,
                () -> authentication(passwords).login(ADA, "wrong password!", CLIENT));
        Email nobody = Email.parse("nobody@example.com").orElseThrow();
        assertThrows(
                InvalidCredentialsException.class,
                () -> authentication(passwords).login(nobody, PASSWORD, CLIENT));
        assertThat(passwords.verifications, is(before + 2));
    }

    @Test
    void loginRehashesWhenTheParametersChanged() {
        authentication(passwords).register(ADA, PASSWORD, CLIENT);
        assertThat(accounts.byEmail(ADA).orElseThrow().passwordHash(), startsWith("v1:"));
        FakePasswords upgraded = new FakePasswords("v2");
        authentication(upgraded).login(ADA, PASSWORD, CLIENT);
        assertThat(accounts.byEmail(ADA).orElseThrow().passwordHash(), startsWith("v2:"));
        String rehashed = accounts.byEmail(ADA).orElseThrow().passwordHash();
        authentication(upgraded).login(ADA, PASSWORD, CLIENT);
        assertThat(accounts.byEmail(ADA).orElseThrow().passwordHash(), is(rehashed));
        assertThat(rehashed, not(startsWith("v1:")));
    }

    @Test
    void aPasswordChangeKeepsTheCallersFamilyOnlyAndRefusesEveryEarlierAccessToken() {
        Session phone = authentication(passwords).register(ADA, PASSWORD, CLIENT);
        clock.advance(Duration.ofMinutes(1));
        Session laptop = authentication(passwords).login(ADA, PASSWORD, CLIENT);
        clock.advance(Duration.ofMillis(1));
        AccessTokens.VerifiedToken caller = tokens.inspect(laptop.access().token());

        AccessTokens.IssuedToken fresh = authentication(passwords)
                .changePassword(
                        authentication(passwords).account(caller.account()),
                        caller.family(),
                        PASSWORD,
                        "a brand new passphrase");

        assertThat(tokens.inspect(fresh.token()).family(), is(caller.family()));
        assertThrows(
                InvalidTokenException.class, () -> tokens.verify(laptop.access().token()));
        assertThrows(
                InvalidTokenException.class, () -> tokens.verify(phone.access().token()));
        // the laptop's refresh token still works, the phone's does not
        assertThat(sessions.refresh(laptop.refresh().token(), CLIENT).account(), is(caller.account()));
        assertThrows(
                InvalidRefreshTokenException.class,
                () -> sessions.refresh(phone.refresh().token(), CLIENT));
        assertThrows(
                InvalidCredentialsException.class,
                () -> authentication(passwords).login(ADA, PASSWORD, CLIENT));
        authentication(passwords).login(ADA, "a brand new passphrase", CLIENT);
    }

    @Test
    void aWrongCurrentPasswordChangesNothing() {
        Session session = authentication(passwords).register(ADA, PASSWORD, CLIENT);
        clock.advance(Duration.ofSeconds(1));
        assertThrows(
                WrongPasswordException.class,
                () -> authentication(passwords)
                        .changePassword(
                                accounts.byEmail(ADA).orElseThrow(),
                                Optional.<FamilyId>empty(),
                                "not my password!",
                                "a brand new passphrase"));
        assertThat(tokens.verify(session.access().token()), is(session.account()));
        authentication(passwords).login(ADA, PASSWORD, CLIENT);
    }

    @Test
    void passwordsAreHashedInTheirNfkcFormSoThatEquivalentSpellingsMatch() {
        // full-width letters and the "fi" ligature are NFKC-equivalent to plain ASCII
        Session registered = authentication(passwords).register(ADA, "ｃｏｒｒｅｃｔ horse ﬁsh", CLIENT);
        assertThat(accounts.byEmail(ADA).orElseThrow().passwordHash(), is("v1:correct horse fish"));
        assertThat(
                authentication(passwords)
                        .login(ADA, "correct horse fish", CLIENT)
                        .account(),
                is(registered.account()));
    }

    @Test
    void aHashMadeBeforeNormalisationStillMatchesAndIsReplacedByTheNormalisedOne() {
        String typed = "ｃｏｒｒｅｃｔ horse battery";
        // what earlier versions stored: the password as typed
        accounts.add(new Account(AccountId.random(), ADA, "v1:" + typed, Instant.EPOCH));
        authentication(passwords).login(ADA, typed, CLIENT);
        assertThat(accounts.byEmail(ADA).orElseThrow().passwordHash(), is("v1:correct horse battery"));
        // from now on both spellings log in, with one verification
        int before = passwords.verifications;
        authentication(passwords).login(ADA, "correct horse battery", CLIENT);
        assertThat(passwords.verifications, is(before + 1));
    }

    @Test
    void anUnknownEmailCostsAsManyVerificationsAsAWrongNonNormalisedPassword() {
        authentication(passwords).register(ADA, PASSWORD, CLIENT);
        String typed = "ｗｒｏｎｇ password!!";
        int before = passwords.verifications;
        assertThrows(
                InvalidCredentialsException.class,
                () -> authentication(passwords).login(ADA, typed, CLIENT));
        int wrong = passwords.verifications - before;
        Email nobody = Email.parse("nobody@example.com").orElseThrow();
        assertThrows(
                InvalidCredentialsException.class,
                () -> authentication(passwords).login(nobody, typed, CLIENT));
        assertThat(passwords.verifications - before - wrong, is(wrong));
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

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
