package dev.meridian.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/** Hand-made access tokens, valid or deliberately wrong in exactly one way, for the 401 tests. */
public final class Tokens {
    public static final String ISSUER = "meridian";
    public static final String AUDIENCE = "meridian-api";

    private Tokens() {}

    public static JwtClaims claims(String subject) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(subject);
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        claims.setJwtId(UUID.randomUUID().toString());
        return claims;
    }

    public static String sign(JwtClaims claims, String algorithm, String secret) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)));
        // HS512 wants a 64-byte key; the server's secret is shorter, and the point is to sign with it anyway
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hs256(JwtClaims claims) {
        return sign(claims, AlgorithmIdentifiers.HMAC_SHA256, TestServer.JWT_SECRET);
    }

    /** {@code alg:none} with an empty signature: what an attacker sends hoping the server skips verification. */
    public static String unsigned(JwtClaims claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toJson().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    public static JwtClaims expired(String subject) {
        JwtClaims claims = claims(subject);
        long past = Instant.now().minusSeconds(3600).getEpochSecond();
        claims.setIssuedAt(NumericDate.fromSeconds(past - 900));
        claims.setExpirationTime(NumericDate.fromSeconds(past));
        return claims;
    }
}
