package dev.meridian.account.api;

import dev.meridian.account.app.AccessTokens;
import dev.meridian.account.app.BearerToken;
import dev.meridian.account.domain.AccountId;
import dev.meridian.platform.http.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one authentication filter: every request under a protected path needs {@code Authorization: Bearer <token>}
 * with a valid access token, or gets 401 with a {@code WWW-Authenticate} challenge (RFC 6750). The account it
 * proves is available to handlers through {@link #account(ServerRequest)}. CORS preflights pass untouched: browsers
 * never send credentials with them.
 */
public final class BearerAuthentication implements Filter {
    private static final String REALM = "Bearer realm=\"meridian\"";

    private final AccessTokens tokens;
    private final List<String> protectedPaths;

    /** @param protectedPaths path prefixes, e.g. {@code /v1/characters} (which also covers its sub-paths) */
    public BearerAuthentication(AccessTokens tokens, List<String> protectedPaths) {
        this.tokens = tokens;
        this.protectedPaths = List.copyOf(protectedPaths);
    }

    /** The account of an authenticated request; only valid on protected paths. */
    public static AccountId account(ServerRequest req) {
        return token(req).account();
    }

    /** What the access token of an authenticated request says; only valid on protected paths. */
    public static AccessTokens.VerifiedToken token(ServerRequest req) {
        return req.context()
                .get(AccessTokens.VerifiedToken.class)
                .orElseThrow(() -> new IllegalStateException("not a path protected by BearerAuthentication"));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (req.prologue().method() == Method.OPTIONS || !isProtected(req.path().path())) {
            chain.proceed();
            return;
        }
        Optional<String> token = req.headers().first(HeaderNames.AUTHORIZATION).flatMap(BearerToken::parse);
        if (token.isEmpty()) {
            throw unauthorized("A bearer access token is required", REALM);
        }
        // an InvalidTokenException goes to the error handler of AccountErrors: 401 with the invalid_token challenge
        req.context().register(tokens.inspect(token.get()));
        chain.proceed();
    }

    /** The 401 for a token that was presented but refused; also used when a handler finds the account gone. */
    public static ApiException rejected(String message) {
        return unauthorized(message, REALM + ", error=\"invalid_token\", error_description=\"" + message + "\"");
    }

    private static ApiException unauthorized(String message, String challenge) {
        return new ApiException(
                Status.UNAUTHORIZED_401, "unauthorized", message, Map.of(), Map.of("WWW-Authenticate", challenge));
    }

    private boolean isProtected(String path) {
        for (String prefix : protectedPaths) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }
}
