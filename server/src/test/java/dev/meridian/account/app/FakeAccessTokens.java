package dev.meridian.account.app;

import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.FamilyId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Readable, unsigned "tokens" ({@code account|family|issued-at-millis}); the real JWTs are tested elsewhere. */
final class FakeAccessTokens implements AccessTokens {
    @Override
    public IssuedToken issue(AccountId account, Optional<FamilyId> family, Instant issuedAt) {
        String token = account + "|" + family.map(FamilyId::toString).orElse("-") + "|" + issuedAt.toEpochMilli();
        return new IssuedToken(token, Duration.ofMinutes(15));
    }

    @Override
    public VerifiedToken inspect(String token) {
        String[] parts = token.split("\\|");
        if (parts.length != 3) {
            throw new InvalidTokenException("The access token is invalid");
        }
        return new VerifiedToken(
                new AccountId(UUID.fromString(parts[0])),
                Instant.ofEpochMilli(Long.parseLong(parts[2])),
                parts[1].equals("-") ? Optional.empty() : FamilyId.parse(parts[1]));
    }
}
