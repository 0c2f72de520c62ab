package dev.meridian.account.adapters;

import dev.meridian.account.app.AccessTokens;
import dev.meridian.account.app.InvalidTokenException;
import dev.meridian.account.domain.AccountId;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * HS256 JWTs (jose4j). Verification pins HS256 (so {@code alg:none} and every other algorithm are refused), and
 * requires a signature, exp, iat, iss, aud and a UUID subject, with the configured clock skew.
 */
public final class JwtAccessTokens implements AccessTokens {
    private final JwtSettings settings;
    private final HmacKey key;
    private final JwtConsumer consumer;

    public JwtAccessTokens(JwtSettings settings) {
        this.settings = settings;
        this.key = new HmacKey(settings.secret());
        this.consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256)
                .setVerificationKey(key)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setExpectedIssuer(settings.issuer())
                .setExpectedAudience(settings.audience())
                .setAllowedClockSkewInSeconds((int) settings.clockSkew().toSeconds())
                .build();
    }

    @Override
    public IssuedToken issue(AccountId account) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(account.toString());
        claims.setIssuer(settings.issuer());
        claims.setAudience(settings.audience());
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(settings.ttl().toSeconds() / 60f);
        claims.setGeneratedJwtId();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setHeader("typ", "JWT");
        jws.setKey(key);
        try {
            return new IssuedToken(jws.getCompactSerialization(), settings.ttl());
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    @Override
    public AccountId verify(String token) {
        try {
            JwtClaims claims = consumer.processToClaims(token);
            return new AccountId(UUID.fromString(claims.getSubject()));
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException(
                    e.hasExpired() ? "The access token has expired" : "The access token is invalid");
        } catch (MalformedClaimException | IllegalArgumentException e) {
            throw new InvalidTokenException("The access token is invalid");
        }
    }
}
