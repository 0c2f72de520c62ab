package dev.meridian.account.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.account.domain.Account;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Email;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the purge deletes and what it must keep, with the in-memory store and a hand-moved clock. */
class RefreshTokenPurgeTest {
    private static final ClientInfo CLIENT = new ClientInfo("Meridian-SDK/1", "10.0.0.7");

    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryRefreshTokens store = new InMemoryRefreshTokens();
    private final AuthenticationTest.MutableClock clock =
            new AuthenticationTest.MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final SessionTokens sessions = new SessionTokens(
            new CheckedAccessTokens(new FakeAccessTokens(), accounts, Duration.ofSeconds(15)),
            store,
            Roles.playersOnly(),
            ActiveBans.none(),
            Duration.ofDays(30),
            clock);
    private final RefreshTokenPurge purge = new RefreshTokenPurge(store, clock, Duration.ofDays(1));

    private AccountId account(String email) {
        AccountId id = AccountId.random();
        accounts.add(new Account(id, Email.parse(email).orElseThrow(), "hash", clock.instant()));
        return id;
    }

    private boolean stored(Session session) {
        return store.holds(SessionTokens.hash(session.refresh().token()));
    }

    @Test
    void revokedFamiliesGoAfterTheRetentionButAUsedTokenStaysUntilItExpiresSoAReplayIsStillCaught() {
        Session adaFirst = sessions.start(account("ada@example.com"), CLIENT);
        Session adaSecond = sessions.refresh(adaFirst.refresh().token(), CLIENT);
        Session bob = sessions.start(account("bob@example.com"), CLIENT);
        sessions.logout(bob.refresh().token());

        clock.advance(Duration.ofHours(12));
        purge.runOnce();
        assertThat("a family revoked 12 hours ago is kept for a day", stored(bob), is(true));

        clock.advance(Duration.ofHours(13));
        RefreshTokens.Purged purged = purge.runOnce();
        assertThat(purged.families(), is(1));
        assertThat("revoked more than a day ago: gone with its tokens", stored(bob), is(false));
        assertThat("used but not expired: kept", stored(adaFirst), is(true));
        assertThat(stored(adaSecond), is(true));

        // the used token replayed after the purge still revokes the family, so its live token dies too
        assertThrows(
                InvalidRefreshTokenException.class,
                () -> sessions.refresh(adaFirst.refresh().token(), CLIENT));
        assertThrows(
                InvalidRefreshTokenException.class,
                () -> sessions.refresh(adaSecond.refresh().token(), CLIENT));
    }

    @Test
    void expiredTokensGoAndAFamilyLeftWithoutTokensGoesWithThem() {
        Session ada = sessions.start(account("ada@example.com"), CLIENT);
        clock.advance(Duration.ofDays(20));
        Session cy = sessions.start(account("cy@example.com"), CLIENT);

        clock.advance(Duration.ofDays(10));
        RefreshTokens.Purged purged = purge.runOnce();
        assertThat(purged.tokens(), is(1));
        assertThat(purged.families(), is(1));
        assertThat("30 days old: expired", stored(ada), is(false));
        assertThat(store.familyCount(), is(1));
        assertThat(stored(cy), is(true));
        assertThat(sessions.refresh(cy.refresh().token(), CLIENT).account(), is(cy.account()));
    }

    @Test
    void theIntervalAndRetentionAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> purge.start(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RefreshTokenPurge(store, clock, Duration.ofSeconds(-1)));
    }
}
