package dev.meridian.account.api;

import dev.meridian.platform.http.ApiException;
import dev.meridian.platform.ratelimit.TokenBuckets;
import io.helidon.config.Config;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Brute-force protection for {@code /v1/auth/*}: a token bucket per client IP and one per account (the normalised
 * email, whether or not it is registered, so the limit itself reveals nothing) → 429 with {@code Retry-After}.
 * The IP is the socket's peer: behind a proxy, configure the proxy to limit too (docs/api.md).
 */
final class AuthRateLimits {
    private final TokenBuckets perIp;
    private final TokenBuckets perAccount;

    AuthRateLimits(TokenBuckets perIp, TokenBuckets perAccount) {
        this.perIp = perIp;
        this.perAccount = perAccount;
    }

    static AuthRateLimits from(Config limits) {
        int maxKeys = limits.get("max-keys").asInt().get();
        return new AuthRateLimits(
                new TokenBuckets(
                        limits.get("ip.capacity").asInt().get(),
                        limits.get("ip.per-minute").asInt().get(),
                        maxKeys),
                new TokenBuckets(
                        limits.get("account.capacity").asInt().get(),
                        limits.get("account.per-minute").asInt().get(),
                        maxKeys));
    }

    void checkIp(ServerRequest req) {
        refuseIfEmpty(perIp.take(ip(req)));
    }

    /** The TCP peer's address (behind a proxy: the proxy's). */
    static String ip(ServerRequest req) {
        SocketAddress peer = req.remotePeer().address();
        return peer instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : peer.toString();
    }

    void checkAccount(String normalisedEmail) {
        refuseIfEmpty(perAccount.take(normalisedEmail));
    }

    private static void refuseIfEmpty(Optional<Duration> wait) {
        if (wait.isPresent()) {
            long seconds = TokenBuckets.retryAfterSeconds(wait.get());
            throw new ApiException(
                    Status.TOO_MANY_REQUESTS_429,
                    "rate_limited",
                    "Too many attempts; retry later",
                    Map.of(),
                    Map.of("Retry-After", Long.toString(seconds)));
        }
    }
}
