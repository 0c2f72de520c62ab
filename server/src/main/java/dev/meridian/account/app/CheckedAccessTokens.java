package dev.meridian.account.app;

import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.FamilyId;
import dev.meridian.account.domain.Role;
import dev.meridian.platform.logging.KeyValueFormatter;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The access tokens the whole server verifies with (REST bearer filter, WebSocket and gRPC transports): a signed,
 * unexpired token is also refused when its account no longer exists ({@code The account no longer exists}) or when
 * it was issued before the account's {@code tokens_valid_after} ({@code The access token has been revoked}).
 *
 * <p>The account's state is cached per account for {@code ttl}, so a busy client costs one query per {@code ttl}, not
 * one per request. Changes made on this node ({@link #refuseIssuedBefore}) update the cache at once; another node
 * learns of them when its entry expires, so a revoked token or a deleted account's token may be accepted elsewhere
 * for at most {@code ttl} (docs/api.md). When the store fails, a stale entry is used rather than failing every
 * request; with no entry at all the failure propagates. The cache is bounded: when full it is emptied.
 */
public final class CheckedAccessTokens implements AccessTokens {
    private static final System.Logger LOG = System.getLogger(CheckedAccessTokens.class.getName());
    static final int MAX_ACCOUNTS = 100_000;

    private final AccessTokens signed;
    private final Accounts accounts;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<AccountId, State> states = new ConcurrentHashMap<>();

    public CheckedAccessTokens(AccessTokens signed, Accounts accounts, Duration ttl) {
        this(signed, accounts, ttl, System::nanoTime);
    }

    CheckedAccessTokens(AccessTokens signed, Accounts accounts, Duration ttl, LongSupplier nanoTime) {
        this.signed = signed;
        this.accounts = accounts;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public IssuedToken issue(AccountId account, Optional<FamilyId> family, Instant issuedAt, Role role) {
        return signed.issue(account, family, issuedAt, role);
    }

    @Override
    public VerifiedToken inspect(String token) {
        VerifiedToken verified = signed.inspect(token);
        Optional<Instant> validAfter = state(verified.account()).validAfter();
        if (validAfter.isEmpty()) {
            throw new InvalidTokenException("The account no longer exists");
        }
        if (verified.issuedAt().isBefore(validAfter.get())) {
            throw new InvalidTokenException("The access token has been revoked");
        }
        return verified;
    }

    /** Stores the account's new {@code tokens_valid_after} and applies it on this node at once. */
    public void refuseIssuedBefore(AccountId account, Instant instant) {
        accounts.refuseTokensIssuedBefore(account, instant);
        remember(account, new State(Optional.of(instant), nanoTime.getAsLong()));
    }

    private State state(AccountId account) {
        long now = nanoTime.getAsLong();
        State known = states.get(account);
        if (known != null && now - known.loadedAt() < ttlNanos) {
            return known;
        }
        try {
            State loaded = new State(accounts.tokensValidAfter(account), now);
            remember(account, loaded);
            return loaded;
        } catch (RuntimeException e) {
            if (known == null) {
                throw e;
            }
            LOG.log(
                    Level.DEBUG,
                    "event=token_check_stale account=" + account + " error=" + KeyValueFormatter.quote(e.getMessage()));
            return known;
        }
    }

    private void remember(AccountId account, State state) {
        if (states.size() >= MAX_ACCOUNTS) {
            states.clear();
        }
        // a load that read the row before a concurrent refusal must not put the older instant back
        states.merge(account, state, State::merge);
    }

    /** @param validAfter empty: the account does not exist */
    private record State(Optional<Instant> validAfter, long loadedAt) {
        /** {@code tokens_valid_after} only ever grows (the store keeps the greatest), so the later instant wins. */
        static State merge(State old, State fresh) {
            if (old.validAfter.isPresent()
                    && fresh.validAfter.isPresent()
                    && old.validAfter.get().isAfter(fresh.validAfter.get())) {
                return new State(old.validAfter, fresh.loadedAt);
            }
            return fresh;
        }
    }
}
