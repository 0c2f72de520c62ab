package dev.meridian.account.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.account.domain.Account;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Ban;
import dev.meridian.account.domain.Email;
import dev.meridian.account.domain.Role;
import dev.meridian.account.domain.Standing;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** tokens_valid_after and deleted accounts, checked from a per-account cache with a hand-moved nano clock. */
class CheckedAccessTokensTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final AtomicLong nanos = new AtomicLong();
    private final CheckedAccessTokens tokens =
            new CheckedAccessTokens(new FakeAccessTokens(), accounts, Duration.ofSeconds(15), nanos::get);
    private final AccountId ada = AccountId.random();

    CheckedAccessTokensTest() {
        accounts.add(new Account(ada, Email.parse("ada@example.com").orElseThrow(), "hash", T0));
    }

    private String tokenIssuedAt(Instant at) {
        return tokens.issue(ada, Optional.empty(), at, Role.PLAYER).token();
    }

    @Test
    void aBusyClientCostsOneReadPerTtlNotOnePerRequest() {
        String token = tokenIssuedAt(T0);
        for (int i = 0; i < 100; i++) {
            assertThat(tokens.verify(token), is(ada));
        }
        assertThat(accounts.validityReads, is(1));
        nanos.addAndGet(Duration.ofSeconds(15).toNanos());
        tokens.verify(token);
        assertThat(accounts.validityReads, is(2));
    }

    @Test
    void aRefusalOnThisNodeAppliesAtOnceToTokensIssuedBeforeIt() {
        String before = tokenIssuedAt(T0);
        tokens.verify(before);
        tokens.refuseIssuedBefore(ada, T0.plusMillis(1));
        InvalidTokenException refused = assertThrows(InvalidTokenException.class, () -> tokens.verify(before));
        assertThat(refused.getMessage(), is("The access token has been revoked"));
        assertThat(tokens.verify(tokenIssuedAt(T0.plusMillis(1))), is(ada));
    }

    @Test
    void aRefusalMadeOnAnotherNodeAppliesWithinTheTtl() {
        String before = tokenIssuedAt(T0);
        tokens.verify(before);
        accounts.refuseTokensIssuedBefore(ada, T0.plusSeconds(1));
        assertThat(tokens.verify(before), is(ada));
        nanos.addAndGet(Duration.ofSeconds(15).toNanos());
        assertThrows(InvalidTokenException.class, () -> tokens.verify(before));
    }

    @Test
    void aDeletedAccountsTokensAreRefused() {
        String token = tokenIssuedAt(T0);
        AccountId gone = AccountId.random();
        InvalidTokenException neverExisted = assertThrows(
                InvalidTokenException.class,
                () -> tokens.verify(
                        tokens.issue(gone, Optional.empty(), T0, Role.PLAYER).token()));
        assertThat(neverExisted.getMessage(), is("The account no longer exists"));
        tokens.verify(token);
        accounts.remove(ada);
        nanos.addAndGet(Duration.ofSeconds(15).toNanos());
        assertThrows(InvalidTokenException.class, () -> tokens.verify(token));
    }

    @Test
    void whenTheStoreFailsAKnownAccountIsJudgedOnWhatWasLastRead() {
        FailingAccounts failing = new FailingAccounts(accounts);
        CheckedAccessTokens checked =
                new CheckedAccessTokens(new FakeAccessTokens(), failing, Duration.ofSeconds(15), nanos::get);
        String token = checked.issue(ada, Optional.empty(), T0, Role.PLAYER).token();
        checked.verify(token);
        failing.failing = true;
        nanos.addAndGet(Duration.ofSeconds(15).toNanos());
        assertThat(checked.verify(token), is(ada));
        String stranger = checked.issue(AccountId.random(), Optional.empty(), T0, Role.PLAYER)
                .token();
        assertThrows(IllegalStateException.class, () -> checked.verify(stranger));
    }

    private static final class FailingAccounts implements Accounts {
        private final Accounts delegate;
        volatile boolean failing;

        FailingAccounts(Accounts delegate) {
            this.delegate = delegate;
        }

        @Override
        public void add(Account account) {
            delegate.add(account);
        }

        @Override
        public Optional<Account> byEmail(Email email) {
            return delegate.byEmail(email);
        }

        @Override
        public Optional<Account> byId(AccountId id) {
            return delegate.byId(id);
        }

        @Override
        public void changePasswordHash(AccountId id, String passwordHash) {
            delegate.changePasswordHash(id, passwordHash);
        }

        @Override
        public Optional<Instant> tokensValidAfter(AccountId id) {
            if (failing) {
                throw new IllegalStateException("database down");
            }
            return delegate.tokensValidAfter(id);
        }

        @Override
        public void refuseTokensIssuedBefore(AccountId id, Instant instant) {
            delegate.refuseTokensIssuedBefore(id, instant);
        }

        @Override
        public Optional<Standing> standing(AccountId id) {
            return delegate.standing(id);
        }

        @Override
        public boolean flagAdmin(Email email, boolean admin) {
            return delegate.flagAdmin(email, admin);
        }

        @Override
        public boolean ban(AccountId id, Ban ban) {
            return delegate.ban(id, ban);
        }
    }
}
