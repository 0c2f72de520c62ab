package dev.meridian.client.swarm;

import dev.meridian.client.Transport;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * What a bot swarm run does ({@link SwarmCommand} reads it from the command line).
 *
 * @param server the server's base URL
 * @param bots how many bots
 * @param transport grpc, ws or ws-json
 * @param moveRate moves per second per bot
 * @param phase when each bot moves within the move period: spread (each its own random phase) or aligned (all at
 *     once, as the reference's load driver in ../shared/peers/colyseus sends them)
 * @param duration the measured window, after every bot has connected (or the ramp gave up) and the warm-up
 * @param warmup time between the end of the ramp and the start of the measured window
 * @param jitSettle with {@code serverPid}: after the warm-up, how much longer the swarm may wait for the server's JIT
 *     compiler threads to go quiet before it measures (zero: measure right after the warm-up)
 * @param pattern crowd or spread
 * @param rampRate bots connecting per second
 * @param prefix start of every bot's email and character name, so that independent swarms do not share bots
 * @param password the password of every bot account
 * @param setupConcurrency concurrent login/register calls while preparing the bots (each costs the server an
 *     Argon2id hash)
 * @param setupTimeout how long account and character preparation may take
 * @param pingInterval how often each bot pings for RTT
 * @param ioThreads threads for the bots' network I/O
 * @param serverPid the server's process id, to report its CPU and memory over the window
 * @param seed random seed of the movement patterns
 */
public record SwarmOptions(
        String server,
        int bots,
        Transport transport,
        double moveRate,
        MovePhase phase,
        Duration duration,
        Duration warmup,
        Duration jitSettle,
        MovePattern.Kind pattern,
        double rampRate,
        String prefix,
        String password,
        int setupConcurrency,
        Duration setupTimeout,
        Duration pingInterval,
        int ioThreads,
        OptionalLong serverPid,
        long seed) {

    private static final Pattern PREFIX = Pattern.compile("^[A-Za-z0-9_-]{1,8}$");

    public SwarmOptions {
        if (bots < 1 || bots > 99_999) {
            throw new IllegalArgumentException("--bots must be 1..99999");
        }
        if (!(moveRate > 0) || !(rampRate > 0)) {
            throw new IllegalArgumentException("--move-rate and --ramp must be positive");
        }
        if (warmup.isNegative() || jitSettle.isNegative()) {
            throw new IllegalArgumentException("--warmup and --jit-settle must not be negative");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("--prefix must be 1-8 characters of [A-Za-z0-9_-]");
        }
        if (password.length() < 12) {
            throw new IllegalArgumentException("--password must have at least 12 characters");
        }
        if (setupConcurrency < 1 || ioThreads < 1) {
            throw new IllegalArgumentException("--setup-concurrency and --io-threads must be at least 1");
        }
    }

    /** The transport's name on the command line and in the report. */
    String transportName() {
        return nameOf(transport);
    }

    static String nameOf(Transport transport) {
        return switch (transport) {
            case GRPC -> "grpc";
            case WEBSOCKET -> "ws";
            case WEBSOCKET_JSON -> "ws-json";
        };
    }

    /** Bot {@code index}'s account email: the same every run, so the account is reused. */
    String email(int index) {
        return String.format(Locale.ROOT, "%s-%05d@swarm.meridian.test", prefix, index);
    }

    /**
     * Bot {@code index}'s character name for this pattern (at most 16 characters). Each pattern has its own
     * characters, so a crowd run does not start where the last spread run scattered the bots.
     */
    String characterName(int index) {
        return String.format(Locale.ROOT, "%s-%05d%s", prefix, index, pattern == MovePattern.Kind.CROWD ? "c" : "s");
    }
}
