package dev.meridian.account.app;

import java.util.Optional;

/**
 * Reads the token of an {@code Authorization: Bearer <token>} header (RFC 6750, section 2.1): the one reading the REST
 * filter and both world transports share, so that a header one of them accepts the others accept too.
 */
public final class BearerToken {
    private static final String SCHEME = "Bearer ";

    private BearerToken() {}

    /** @return the token; empty unless the header names the Bearer scheme (any case) and carries a token after it */
    public static Optional<String> parse(String authorization) {
        if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(SCHEME.length()).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
