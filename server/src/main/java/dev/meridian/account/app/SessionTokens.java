package dev.meridian.account.app;

import dev.meridian.account.app.RefreshTokens.NewToken;
import dev.meridian.account.app.RefreshTokens.Refusal;
import dev.meridian.account.app.RefreshTokens.Refused;
import dev.meridian.account.app.RefreshTokens.RevocationReason;
import dev.meridian.account.app.RefreshTokens.Rotated;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.FamilyId;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Refresh tokens with rotation (OAuth 2.0 Security BCP, RFC 9700 §4.14): each login starts a family; each refresh
 * uses its token up and hands out the family's next one; a used token presented again means two parties hold the
 * family, so the whole family is revoked. Revocations that must also end access tokens (logout-all, password change)
 * move the account's {@code tokens_valid_after}. No password hashing happens here.
 */
public final class SessionTokens {
    private static final System.Logger LOG = System.getLogger(SessionTokens.class.getName());
    static final String PREFIX = "mrt_";
    private static final int RANDOM_BYTES = 32;
    /** The prefix and 43 base64url characters (256 bits): anything else is refused without a query. */
    private static final Pattern SHAPE = Pattern.compile("mrt_[A-Za-z0-9_-]{43}");

    private final CheckedAccessTokens access;
    private final RefreshTokens store;
    private final Roles roles;
    private final ActiveBans bans;
    private final Duration refreshTtl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param roles the role each access token is issued with, looked up at every login, refresh and cut
     * @param bans asked when a refresh is refused: a banned account's holder is told so, as at a login
     */
    public SessionTokens(
            CheckedAccessTokens access,
            RefreshTokens store,
            Roles roles,
            ActiveBans bans,
            Duration refreshTtl,
            Clock clock) {
        if (refreshTtl.isNegative() || refreshTtl.isZero()) {
            throw new IllegalArgumentException("auth.refresh.ttl must be positive, got " + refreshTtl);
        }
        this.access = access;
        this.store = store;
        this.roles = roles;
        this.bans = bans;
        this.refreshTtl = refreshTtl;
        this.clock = clock;
    }

    /** A new family for a login or registration. */
    public Session start(AccountId account, ClientInfo client) {
        Instant now = now();
        FamilyId family = FamilyId.random();
        String token = newToken();
        store.start(family, account, new NewToken(hash(token), now, now.plus(refreshTtl), client));
        return new Session(
                account,
                access.issue(account, Optional.of(family), now, roles.of(account)),
                new Session.RefreshToken(token, refreshTtl));
    }

    /**
     * @throws InvalidRefreshTokenException for an unknown, used, expired or revoked token alike
     * @throws AccountBannedException for a token of an account banned now (a ban revokes its tokens): its holder learns
     *     why and until when, as a login with the password would tell it, instead of "log in again"
     */
    public Session refresh(String presented, ClientInfo client) {
        if (!SHAPE.matcher(presented).matches()) {
            throw new InvalidRefreshTokenException();
        }
        // the access token's issue time is taken before the rotation: a revocation that waits for this rotation to
        // commit then sets tokens_valid_after later than it, so this access token is refused too
        Instant now = now();
        String next = newToken();
        return switch (store.rotate(hash(presented), new NewToken(hash(next), now, now.plus(refreshTtl), client))) {
            case Rotated(AccountId account, FamilyId family) ->
                new Session(
                        account,
                        access.issue(account, Optional.of(family), now, roles.of(account)),
                        new Session.RefreshToken(next, refreshTtl));
            case Refused(Refusal refusal, Optional<AccountId> account) -> {
                if (refusal == Refusal.REUSED) {
                    LOG.log(Level.WARNING, "event=refresh_token_reused action=family_revoked ip=" + client.ip());
                }
                account.flatMap(holder -> bans.of(holder, now)).ifPresent(ban -> {
                    throw new AccountBannedException(ban);
                });
                throw new InvalidRefreshTokenException();
            }
        };
    }

    /** Ends the family of {@code presented}; a token that is malformed or unknown changes nothing. */
    public void logout(String presented) {
        if (SHAPE.matcher(presented).matches()) {
            store.revokeFamilyOf(hash(presented), RevocationReason.LOGOUT, now());
        }
    }

    /** Ends every family of the account and every access token issued so far. */
    public void logoutAll(AccountId account) {
        int families = endAll(account, RevocationReason.LOGOUT_ALL);
        LOG.log(Level.INFO, "event=logout_all account=" + account + " families=" + families);
    }

    /**
     * Ends every family of the account and every access token issued so far, for {@code reason}.
     *
     * @return how many families were ended
     */
    public int endAll(AccountId account, RevocationReason reason) {
        int families = store.revokeAll(account, Optional.empty(), reason, now());
        refuseAccessTokensFromBefore(account);
        return families;
    }

    /**
     * Ends every family of the account but {@code keep}, and every access token issued so far.
     *
     * @return a new access token for the caller (of family {@code keep}), issued after the cut
     */
    public AccessTokens.IssuedToken keepOnly(AccountId account, Optional<FamilyId> keep, RevocationReason reason) {
        store.revokeAll(account, keep, reason, now());
        Instant cut = refuseAccessTokensFromBefore(account);
        return access.issue(account, keep, cut, roles.of(account));
    }

    /** Taken after the families are revoked: see {@link #refresh}. */
    private Instant refuseAccessTokensFromBefore(AccountId account) {
        Instant cut = now();
        access.refuseIssuedBefore(account, cut);
        return cut;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private String newToken() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256, hex: enough for 256 random bits, which no one can guess or brute-force from the hash. */
    static String hash(String token) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
