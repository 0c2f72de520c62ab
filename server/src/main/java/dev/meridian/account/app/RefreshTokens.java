package dev.meridian.account.app;

import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.FamilyId;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The store of refresh tokens, by family. Tokens are known only by their hash (64 hex digits of SHA-256). Every
 * method is atomic: a rotation and a revocation of the same family never interleave.
 */
public interface RefreshTokens {

    /** Starts a family with its first token. */
    void start(FamilyId family, AccountId account, NewToken first);

    /**
     * Uses up the token with hash {@code presented} and adds {@code next} to its family, if the token is known,
     * unused, unexpired at {@code next.createdAt()} and its family not revoked. A token that was already used is
     * taken as stolen: its family is revoked ({@code reuse_detected}) before the refusal is returned.
     */
    Rotation rotate(String presented, NewToken next);

    /** Revokes the family of the token with that hash, used or not; nothing when the hash is unknown. */
    void revokeFamilyOf(String hash, RevocationReason reason, Instant now);

    /** Revokes every family of the account but {@code keep}; returns how many. */
    int revokeAll(AccountId account, Optional<FamilyId> keep, RevocationReason reason, Instant now);

    /**
     * Deletes what can never be used again: tokens that expired at or before {@code expiredBy}, families revoked at or
     * before {@code revokedBy} (with their tokens), and families left without a token. A used token that has not
     * expired is kept: presenting it again must still revoke its family.
     */
    Purged purge(Instant expiredBy, Instant revokedBy);

    /** How many rows a purge deleted. */
    record Purged(int tokens, int families) {}

    record NewToken(String hash, Instant createdAt, Instant expiresAt, ClientInfo client) {}

    sealed interface Rotation {}

    record Rotated(AccountId account, FamilyId family) implements Rotation {}

    /** @param account whose token it was; empty for an unknown token */
    record Refused(Refusal refusal, Optional<AccountId> account) implements Rotation {}

    enum Refusal {
        UNKNOWN,
        EXPIRED,
        REVOKED,
        /** The token had been used already: the family is now revoked. */
        REUSED
    }

    enum RevocationReason {
        LOGOUT,
        LOGOUT_ALL,
        PASSWORD_CHANGED,
        REUSE_DETECTED,
        BANNED;

        /** The value stored in {@code refresh_families.revoked_reason}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
