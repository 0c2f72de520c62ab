package dev.meridian.account.app;

import dev.meridian.account.domain.AccountId;
import java.time.Duration;

/** Issues and verifies the bearer tokens of the REST API and the world endpoints. */
public interface AccessTokens {

    IssuedToken issue(AccountId account);

    /**
     * @return the account the token was issued to
     * @throws InvalidTokenException when the token is malformed, forged, expired or meant for someone else
     */
    AccountId verify(String token);

    record IssuedToken(String token, Duration expiresIn) {}
}
