package dev.meridian.account.adapters;

import dev.meridian.account.app.AccessTokens;
import dev.meridian.account.app.InvalidTokenException;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.FamilyId;
import dev.meridian.account.domain.Role;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * HS256 JWTs (jose4j). Verification pins HS256 (so {@code alg:none} and every other algorithm are refused), and
 * requires a signature, exp, iat, iss, aud and a UUID subject, with the configured clock skew; a token whose iat is
 * further in the future than the skew, or whose exp - iat exceeds {@code auth.jwt.ttl}, is refused too.
 *
 * <p>Three private claims: {@code role}, present ({@code admin}) only on an admin's token, {@code fam}, the refresh-token family the token was issued with (a password change keeps
 * that family), and {@code iat_ms}, the issue time in milliseconds, because {@code iat} counts whole seconds and
 * {@code tokens_valid_after} must tell apart tokens issued just before and just after a password change. A token
 * without {@code iat_ms} is taken as issued at {@code iat}.
 *
 * <p>A token that passed verification is remembered until its {@code exp}, so that a client sending the same token
 * with every request pays for parsing and the HMAC once: the key is the whole token, so only that exact, already
 * verified string is accepted from memory. The memory is bounded; it is simply emptied when full.
 */
public final class JwtAccessTokens implements AccessTokens {
    static final int MAX_REMEMBERED = 10_000;
    static final String FAMILY = "fam";
    static final String ISSUED_AT_MILLIS = "iat_ms";
    static final String ROLE = "role";
    private static final String ADMIN = "admin";

    private final JwtSettings settings;
    private final HmacKey key;
    private final JwtConsumer consumer;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    private final long maxLifetimeSeconds;

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
                // iat later than now + skew: minted by a clock (or a key holder) that is not to be trusted
                .setIssuedAtRestrictions((int) settings.clockSkew().toSeconds(), (int) Math.min(
                        Integer.MAX_VALUE,
                        settings.ttl().plus(settings.clockSkew()).toSeconds()))
                .build();
        this.maxLifetimeSeconds = (settings.ttl().toMillis() + 999) / 1000;
    }

    @Override
    public IssuedToken issue(AccountId account, Optional<FamilyId> family, Instant issuedAt, Role role) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(account.toString());
        claims.setIssuer(settings.issuer());
        claims.setAudience(settings.audience());
        claims.setIssuedAt(NumericDate.fromMilliseconds(issuedAt.toEpochMilli()));
        claims.setClaim(ISSUED_AT_MILLIS, issuedAt.toEpochMilli());
        claims.setExpirationTime(
                NumericDate.fromMilliseconds(issuedAt.plus(settings.ttl()).toEpochMilli()));
        claims.setGeneratedJwtId();
        family.ifPresent(f -> claims.setClaim(FAMILY, f.toString()));
        if (role == Role.ADMIN) {
            claims.setClaim(ROLE, ADMIN);
        }
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
    public VerifiedToken inspect(String token) {
        long now = System.currentTimeMillis();
        Verified known = verified.get(token);
        if (known != null && now < known.expiresAtMillis()) {
            return known.token();
        }
        try {
            JwtClaims claims = consumer.processToClaims(token);
            if (claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue() > maxLifetimeSeconds) {
                // this server never issues such a token: it lives longer than auth.jwt.ttl
                throw new InvalidTokenException("The access token is invalid");
            }
            VerifiedToken result = new VerifiedToken(
                    new AccountId(UUID.fromString(claims.getSubject())),
                    issuedAt(claims),
                    family(claims),
                    ADMIN.equals(claims.getStringClaimValue(ROLE)) ? Role.ADMIN : Role.PLAYER);
            remember(token, new Verified(result, claims.getExpirationTime().getValueInMillis()));
            return result;
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException(
                    e.hasExpired() ? "The access token has expired" : "The access token is invalid");
        } catch (MalformedClaimException | IllegalArgumentException e) {
            throw new InvalidTokenException("The access token is invalid");
        }
    }

    private static Instant issuedAt(JwtClaims claims) throws MalformedClaimException {
        Object millis = claims.getClaimValue(ISSUED_AT_MILLIS);
        if (millis == null) {
            return Instant.ofEpochSecond(claims.getIssuedAt().getValue());
        }
        if (!(millis instanceof Long) && !(millis instanceof Integer)) {
            throw new MalformedClaimException(ISSUED_AT_MILLIS + " is not an integer");
        }
        return Instant.ofEpochMilli(((Number) millis).longValue());
    }

    private static Optional<FamilyId> family(JwtClaims claims) throws MalformedClaimException {
        String family = claims.getStringClaimValue(FAMILY);
        if (family == null) {
            return Optional.empty();
        }
        return Optional.of(
                FamilyId.parse(family).orElseThrow(() -> new IllegalArgumentException(FAMILY + " is not a family id")));
    }

    private void remember(String token, Verified entry) {
        if (verified.size() >= MAX_REMEMBERED) {
            verified.clear();
        }
        verified.put(token, entry);
    }

    /** Without the clock skew: past its exp a token goes through jose4j again, which applies the skew. */
    private record Verified(VerifiedToken token, long expiresAtMillis) {}
}
