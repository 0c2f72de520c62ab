package dev.meridian.world.net;

import dev.meridian.account.domain.AccountId;
import dev.meridian.platform.ratelimit.TokenBuckets;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * How often one client may come back (docs/protocol.md, "Connect and join limits"): connects (WebSocket upgrades,
 * gRPC streams) per IP address and per account, and joins (Join, Resume) per account, each a token bucket. A client
 * closed {@code rate_limited} could otherwise reconnect and re-join dozens of times a second, each join a database
 * read. The IP is checked before the token (a token check costs more than a bucket), the account after it.
 *
 * @see dev.meridian.platform.ratelimit.TokenBuckets
 */
public final class ConnectLimits {
    private final TokenBuckets connectsPerIp;
    private final TokenBuckets connectsPerAccount;
    private final TokenBuckets joinsPerAccount;
    private final WorldMetrics metrics;

    /** @param metrics counts each refusal ({@link Refusal}) */
    public ConnectLimits(
            TokenBuckets connectsPerIp,
            TokenBuckets connectsPerAccount,
            TokenBuckets joinsPerAccount,
            WorldMetrics metrics) {
        this.connectsPerIp = connectsPerIp;
        this.connectsPerAccount = connectsPerAccount;
        this.joinsPerAccount = joinsPerAccount;
        this.metrics = metrics;
    }

    /** @return empty when the peer may connect, else how long until it may */
    Optional<Duration> connect(SocketAddress peer) {
        return counted(
                connectsPerIp.take(
                        peer instanceof InetSocketAddress inet
                                ? inet.getAddress().getHostAddress()
                                : "?"),
                Refusal.CONNECT_IP);
    }

    /** @return empty when the account may connect, else how long until it may */
    Optional<Duration> connect(AccountId account) {
        return counted(connectsPerAccount.take(account.toString()), Refusal.CONNECT_ACCOUNT);
    }

    /** @return empty when the account may join (or resume), else how long until it may */
    Optional<Duration> join(AccountId account) {
        return counted(joinsPerAccount.take(account.toString()), Refusal.JOIN_RATE);
    }

    private Optional<Duration> counted(Optional<Duration> wait, Refusal refusal) {
        if (wait.isPresent()) {
            metrics.refused(refusal);
        }
        return wait;
    }
}
