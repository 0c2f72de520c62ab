package dev.meridian.account.app;

import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.FamilyId;
import dev.meridian.account.domain.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Readable, unsigned "tokens" ({@code account|family|issued-at-millis|role}); the real JWTs are tested elsewhere.
 */
final class FakeAccessTokens implements AccessTokens {
    @Override
    public IssuedToken issue(AccountId account, Optional<FamilyId> family, Instant issuedAt, Role role) {
        String token =
                account + "|" + family.map(FamilyId::toString).orElse("-") + "|" + issuedAt.toEpochMilli() + "|" + role;
        return new IssuedToken(token, Duration.ofMinutes(15));
    }

    @Override
    public VerifiedToken inspect(String token) {
        String[] parts = token.split("\\|");
        if (parts.length != 4) {
            throw new InvalidTokenException("The access token is invalid");
        }
        return new VerifiedToken(
                new AccountId(UUID.fromString(parts[0])),
                Instant.ofEpochMilli(Long.parseLong(parts[2])),
                parts[1].equals("-") ? Optional.empty() : FamilyId.parse(parts[1]),
                Role.valueOf(parts[3]));
    }
}
