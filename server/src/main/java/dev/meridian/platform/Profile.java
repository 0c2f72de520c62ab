package dev.meridian.platform;

import io.helidon.config.Config;
import java.util.Locale;

/**
 * {@code meridian.profile}: {@code dev} (the default, zero config on a developer machine: creates its database,
 * generates a JWT secret, permissive CORS) or {@code prod} (refuses to start without the secrets it needs).
 */
public enum Profile {
    DEV,
    PROD;

    public static Profile of(Config config) {
        String name = config.get("meridian.profile").asString().get();
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("meridian.profile must be dev or prod, not '" + name + "'", e);
        }
    }

    public boolean dev() {
        return this == DEV;
    }
}
