package dev.meridian.account.adapters;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.account.app.AccessTokens;
import dev.meridian.account.app.InvalidTokenException;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.FamilyId;
import dev.meridian.account.domain.Role;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JwtAccessTokensTest {
    private static final byte[] SECRET = "s".repeat(40).getBytes(StandardCharsets.UTF_8);
    private final JwtAccessTokens tokens = new JwtAccessTokens(settings(SECRET));

    @Test
    void anIssuedTokenVerifiesAgainAndAgainAsTheSameAccount() {
        AccountId account = AccountId.random();
        String token = tokens.issue(account).token();
        assertThat(tokens.verify(token), is(account));
        assertThat(tokens.verify(token), is(account));
    }

    @Test
    void rememberingAVerifiedTokenAcceptsNoOtherString() {
        String token = tokens.issue(AccountId.random()).token();
        tokens.verify(token);
        // flip a bit of the signature's first character: the last one also carries base64 padding bits, which
        // decoders ignore, so changing it can leave the signature bytes (and the token's validity) as they were
        int at = token.lastIndexOf('.') + 1;
        char first = token.charAt(at);
        String tampered = token.substring(0, at) + (first == 'A' ? 'B' : 'A') + token.substring(at + 1);
        assertThrows(InvalidTokenException.class, () -> tokens.verify(tampered));
        String foreign = new JwtAccessTokens(settings("o".repeat(40).getBytes(StandardCharsets.UTF_8)))
                .issue(AccountId.random())
                .token();
        assertThrows(InvalidTokenException.class, () -> tokens.verify(foreign));
    }

    @Test
    void theMemoryIsBoundedAndEveryTokenStillVerifiesPastIt() {
        AccountId first = AccountId.random();
        String firstToken = tokens.issue(first).token();
        tokens.verify(firstToken);
        for (int i = 0; i < JwtAccessTokens.MAX_REMEMBERED + 10; i++) {
            tokens.verify(tokens.issue(AccountId.random()).token());
        }
        assertThat(tokens.verify(firstToken), is(first));
    }

    @Test
    void theFamilyAndTheIssueTimeToTheMillisecondComeBack() {
        AccountId account = AccountId.random();
        FamilyId family = FamilyId.random();
        Instant issued = Instant.now().minusMillis(1234).truncatedTo(ChronoUnit.MILLIS);
        AccessTokens.VerifiedToken verified = tokens.inspect(
                tokens.issue(account, Optional.of(family), issued, Role.PLAYER).token());
        assertThat(verified, is(new AccessTokens.VerifiedToken(account, issued, Optional.of(family), Role.PLAYER)));
        assertThat(tokens.inspect(tokens.issue(account).token()).family(), is(Optional.empty()));
    }

    @Test
    void aTokenIssuedInTheFutureBeyondTheClockSkewIsRefused() {
        AccountId account = AccountId.random();
        Instant now = Instant.now();
        // within the 30 s skew: a clock a little ahead is tolerated
        assertThat(
                tokens.verify(tokens.issue(account, Optional.empty(), now.plusSeconds(20), Role.PLAYER)
                        .token()),
                is(account));
        String future = tokens.issue(account, Optional.empty(), now.plusSeconds(120), Role.PLAYER)
                .token();
        InvalidTokenException refused = assertThrows(InvalidTokenException.class, () -> tokens.verify(future));
        assertThat(refused.getMessage(), is("The access token is invalid"));
    }

    @Test
    void aTokenThatLivesLongerThanTheConfiguredLifetimeIsRefused() {
        AccountId account = AccountId.random();
        // signed with the same key by a server configured with a 10-hour lifetime
        JwtAccessTokens longLived = new JwtAccessTokens(
                new JwtSettings(SECRET, "meridian", "meridian-api", Duration.ofHours(10), Duration.ofSeconds(30)));
        String token = longLived.issue(account).token();
        InvalidTokenException refused = assertThrows(InvalidTokenException.class, () -> tokens.verify(token));
        assertThat(refused.getMessage(), is("The access token is invalid"));
        // exactly the configured lifetime is fine
        assertThat(tokens.verify(tokens.issue(account).token()), is(account));
    }

    private static JwtSettings settings(byte[] secret) {
        return new JwtSettings(secret, "meridian", "meridian-api", Duration.ofMinutes(15), Duration.ofSeconds(30));
    }
}
