package dev.meridian.account.app;

import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.FamilyId;
import dev.meridian.account.domain.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Issues and verifies the bearer tokens of the REST API and the world endpoints. Every verification in the server
 * goes through the one instance built in {@code Main}, which also refuses revoked tokens and tokens of deleted
 * accounts ({@link CheckedAccessTokens}).
 */
public interface AccessTokens {

    /**
     * @param family the refresh-token family the token was issued with, if any; a password change keeps it
     * @param issuedAt the token's issue time, compared with the account's {@code tokens_valid_after}
     * @param role what the token lets its holder do
     */
    IssuedToken issue(AccountId account, Optional<FamilyId> family, Instant issuedAt, Role role);

    /** A player's token without a family, issued now (tools and tests). */
    default IssuedToken issue(AccountId account) {
        return issue(account, Optional.empty(), Instant.now(), Role.PLAYER);
    }

    /**
     * @return what the token says about its holder
     * @throws InvalidTokenException when the token is malformed, forged, expired, revoked or meant for someone else
     */
    VerifiedToken inspect(String token);

    /**
     * @return the account the token was issued to
     * @throws InvalidTokenException as {@link #inspect}
     */
    default AccountId verify(String token) {
        return inspect(token).account();
    }

    record IssuedToken(String token, Duration expiresIn) {}

    /** @param issuedAt to the millisecond */
    record VerifiedToken(AccountId account, Instant issuedAt, Optional<FamilyId> family, Role role) {}
}
