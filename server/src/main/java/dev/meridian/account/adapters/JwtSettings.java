package dev.meridian.account.adapters;

import io.helidon.config.Config;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/** The {@code auth.jwt.*} configuration (docs/configuration.md). */
public record JwtSettings(byte[] secret, String issuer, String audience, Duration ttl, Duration clockSkew) {
    private static final System.Logger LOG = System.getLogger(JwtSettings.class.getName());
    static final int MIN_SECRET_BYTES = 32;

    /**
     * Outside the dev profile a secret of at least 32 bytes is required; the dev profile generates a random one
     * (tokens then do not survive a restart) and says so.
     */
    public static JwtSettings from(Config jwt, boolean devProfile) {
        byte[] secret = jwt.get("secret")
                .asString()
                .filter(s -> !s.isBlank())
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .orElse(null);
        if (secret == null) {
            if (!devProfile) {
                throw new IllegalStateException(
                        "auth.jwt.secret (AUTH_JWT_SECRET) is required outside the dev profile: at least 32 bytes");
            }
            secret = new byte[MIN_SECRET_BYTES];
            new SecureRandom().nextBytes(secret);
            secret = HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII);
            LOG.log(
                    Level.WARNING,
                    "event=jwt_secret_generated profile=dev note=\"tokens will not survive a restart; set auth.jwt.secret\"");
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("auth.jwt.secret must be at least 32 bytes, it has " + secret.length);
        }
        return new JwtSettings(
                secret,
                jwt.get("issuer").asString().get(),
                jwt.get("audience").asString().get(),
                jwt.get("ttl").as(Duration.class).get(),
                jwt.get("clock-skew").as(Duration.class).get());
    }
}
