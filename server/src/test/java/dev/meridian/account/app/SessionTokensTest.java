package dev.meridian.account.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.account.app.RefreshTokens.RevocationReason;
import dev.meridian.account.domain.Account;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Ban;
import dev.meridian.account.domain.Email;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rotation, reuse detection, expiry and the revocations, with in-memory stores and a hand-moved clock. */
class SessionTokensTest {
    private static final ClientInfo CLIENT = new ClientInfo("Meridian-SDK/1", "10.0.0.7");

    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryRefreshTokens store = new InMemoryRefreshTokens();
    private final AuthenticationTest.MutableClock clock =
            new AuthenticationTest.MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final CheckedAccessTokens tokens =
            new CheckedAccessTokens(new FakeAccessTokens(), accounts, Duration.ofSeconds(15));
    private final SessionTokens sessions = new SessionTokens(
            tokens, store, Roles.playersOnly(), ActiveBans.from(accounts), Duration.ofDays(30), clock);
    private final AccountId ada = account("ada@example.com");

    private AccountId account(String email) {
        AccountId id = AccountId.random();
        accounts.add(new Account(id, Email.parse(email).orElseThrow(), "hash", clock.instant()));
        return id;
    }

    @Test
    void aRefreshTokenIs256RandomBitsAndOnlyItsHashIsStored() {
        Session session = sessions.start(ada, CLIENT);
        assertThat(session.refresh().token(), session.refresh().token().matches("mrt_[A-Za-z0-9_-]{43}"), is(true));
        assertThat(store.client(SessionTokens.hash(session.refresh().token())), is(CLIENT));
        assertThat(SessionTokens.hash(session.refresh().token()).matches("[0-9a-f]{64}"), is(true));
    }

    @Test
    void aRefreshHandsOutANewPairOfTheSameFamilyAndUsesTheOldTokenUp() {
        Session first = sessions.start(ada, CLIENT);
        clock.advance(Duration.ofMinutes(14));
        Session second = sessions.refresh(first.refresh().token(), CLIENT);
        assertThat(second.account(), is(ada));
        assertThat(second.refresh().token(), not(is(first.refresh().token())));
        assertThat(
                tokens.inspect(second.access().token()).family(),
                is(tokens.inspect(first.access().token()).family()));
        Session third = sessions.refresh(second.refresh().token(), CLIENT);
        assertThat(tokens.verify(third.access().token()), is(ada));
    }

    @Test
    void presentingAUsedTokenAgainRevokesTheWholeFamily() {
        Session first = sessions.start(ada, CLIENT);
        Session second = sessions.refresh(first.refresh().token(), CLIENT);
        // the thief (or the victim) replays the used token: refused, and the family's live token dies with it
        assertThrows(
                InvalidRefreshTokenException.class,
                () -> sessions.refresh(first.refresh().token(), CLIENT));
        assertThat(
                store.revocation(tokens.inspect(first.access().token()).family().orElseThrow()),
                is(Optional.of(RevocationReason.REUSE_DETECTED)));
        assertThrows(
                InvalidRefreshTokenException.class,
                () -> sessions.refresh(second.refresh().token(), CLIENT));
    }

    @Test
    void aRefreshOfABannedAccountIsRefusedWithTheBanUntilItIsOver() {
        String token = sessions.start(ada, CLIENT).refresh().token();
        Ban ban = new Ban(clock.instant().plus(Duration.ofDays(1)), "cheating");
        accounts.ban(ada, ban);
        sessions.endAll(ada, RevocationReason.BANNED);

        AccountBannedException refused =
                assertThrows(AccountBannedException.class, () -> sessions.refresh(token, CLIENT));
        assertThat(refused.ban(), is(ban));
        clock.advance(Duration.ofDays(2));
        // the ban is over, the session it ended stays over: log in again
        assertThrows(InvalidRefreshTokenException.class, () -> sessions.refresh(token, CLIENT));
    }

    @Test
    void anExpiredTokenIsRefused() {
        Session session = sessions.start(ada, CLIENT);
        clock.advance(Duration.ofDays(30));
        assertThrows(
                InvalidRefreshTokenException.class,
                () -> sessions.refresh(session.refresh().token(), CLIENT));
    }

    @Test
    void unknownAndMalformedTokensAreRefusedAlike() {
        assertThrows(InvalidRefreshTokenException.class, () -> sessions.refresh("mrt_" + "A".repeat(43), CLIENT));
        assertThrows(InvalidRefreshTokenException.class, () -> sessions.refresh("not a token", CLIENT));
        sessions.logout("not a token");
    }

    @Test
    void logoutEndsOneFamilyOnly() {
        Session phone = sessions.start(ada, CLIENT);
        Session laptop = sessions.start(ada, CLIENT);
        sessions.logout(phone.refresh().token());
        assertThrows(
                InvalidRefreshTokenException.class,
                () -> sessions.refresh(phone.refresh().token(), CLIENT));
        assertThat(sessions.refresh(laptop.refresh().token(), CLIENT).account(), is(ada));
    }

    @Test
    void logoutAllEndsEveryFamilyAndEveryAccessTokenOfTheAccountOnly() {
        Session phone = sessions.start(ada, CLIENT);
        Session laptop = sessions.start(ada, CLIENT);
        AccountId bob = account("bob@example.com");
        Session bobs = sessions.start(bob, CLIENT);
        clock.advance(Duration.ofMillis(1));
        sessions.logoutAll(ada);
        for (Session s : new Session[] {phone, laptop}) {
            assertThrows(
                    InvalidRefreshTokenException.class,
                    () -> sessions.refresh(s.refresh().token(), CLIENT));
            InvalidTokenException refused = assertThrows(
                    InvalidTokenException.class, () -> tokens.verify(s.access().token()));
            assertThat(refused.getMessage(), is("The access token has been revoked"));
        }
        assertThat(tokens.verify(bobs.access().token()), is(bob));
        assertThat(sessions.refresh(bobs.refresh().token(), CLIENT).account(), is(bob));
        // a login after it works as usual
        assertThat(tokens.verify(sessions.start(ada, CLIENT).access().token()), is(ada));
    }
}
