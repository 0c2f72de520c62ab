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

    public ConnectLimits(TokenBuckets connectsPerIp, TokenBuckets connectsPerAccount, TokenBuckets joinsPerAccount) {
        this.connectsPerIp = connectsPerIp;
        this.connectsPerAccount = connectsPerAccount;
        this.joinsPerAccount = joinsPerAccount;
    }

    /** @return empty when the peer may connect, else how long until it may */
    Optional<Duration> connect(SocketAddress peer) {
        return connectsPerIp.take(
                peer instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : "?");
    }

    /** @return empty when the account may connect, else how long until it may */
    Optional<Duration> connect(AccountId account) {
        return connectsPerAccount.take(account.toString());
    }

    /** @return empty when the account may join (or resume), else how long until it may */
    Optional<Duration> join(AccountId account) {
        return joinsPerAccount.take(account.toString());
    }
}
