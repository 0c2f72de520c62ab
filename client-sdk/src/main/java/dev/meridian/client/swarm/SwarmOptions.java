package dev.meridian.client.swarm;

import dev.meridian.client.Transport;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The bot swarm's command line.
 *
 * @param server the server's base URL
 * @param bots how many bots
 * @param transport grpc, ws or ws-json
 * @param moveRate moves per second per bot
 * @param phase when each bot moves within the move period: spread (each its own random phase) or aligned (all at
 *     once, as the reference's load driver in ../shared/peers/colyseus sends them)
 * @param duration the measured window, after every bot has connected (or the ramp gave up) and the warm-up
 * @param warmup time between the end of the ramp and the start of the measured window
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

    static final String USAGE = """
            Usage: BotSwarm [options]
              --server URL            server base URL (default http://127.0.0.1:8080)
              --bots N                number of bots (default 100)
              --transport T           grpc | ws | ws-json (default grpc)
              --move-rate R           moves per second per bot (default 10)
              --phase P               spread (each bot its own phase) | aligned (all bots move at once)
                                      (default spread)
              --duration D            measured window, e.g. 30 or 30s or 2m (default 30s)
              --warmup D              pause between the ramp and the window (default 2s)
              --pattern P             crowd (all in one spot) | spread (all over the zone) (default crowd)
              --ramp R                bots connecting per second (default 100)
              --prefix P              bot email/name prefix, 1-8 of [A-Za-z0-9_-] (default bot)
              --password P            password of every bot account (default swarm-password-0001)
              --setup-concurrency N   concurrent logins/registrations (default 4)
              --setup-timeout D       limit for preparing accounts and characters (default 300s)
              --ping-interval D       RTT ping period per bot, 0 for none (default 2s)
              --io-threads N          network threads (default 1)
              --server-pid PID        report this process's CPU% and RSS over the window
              --seed N                random seed (default 42)
            Prints progress on stderr and one JSON report on stdout.
            """;

    public SwarmOptions {
        if (bots < 1 || bots > 99_999) {
            throw new IllegalArgumentException("--bots must be 1..99999");
        }
        if (!(moveRate > 0) || !(rampRate > 0)) {
            throw new IllegalArgumentException("--move-rate and --ramp must be positive");
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

    /** @throws IllegalArgumentException for an unknown option or a bad value, with a message for the user */
    public static SwarmOptions parse(String... args) {
        String server = "http://127.0.0.1:8080";
        int bots = 100;
        Transport transport = Transport.GRPC;
        double moveRate = 10;
        MovePhase phase = MovePhase.SPREAD;
        Duration duration = Duration.ofSeconds(30);
        Duration warmup = Duration.ofSeconds(2);
        MovePattern.Kind pattern = MovePattern.Kind.CROWD;
        double rampRate = 100;
        String prefix = "bot";
        String password = "swarm-password-0001";
        int setupConcurrency = 4;
        Duration setupTimeout = Duration.ofSeconds(300);
        Duration pingInterval = Duration.ofSeconds(2);
        int ioThreads = 1;
        OptionalLong serverPid = OptionalLong.empty();
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--server" -> server = value;
                case "--bots" -> bots = integer(option, value);
                case "--transport" -> transport = transport(value);
                case "--move-rate" -> moveRate = number(option, value);
                case "--phase" -> phase = phase(value);
                case "--duration" -> duration = duration(option, value);
                case "--warmup" -> warmup = duration(option, value);
                case "--pattern" -> pattern = pattern(value);
                case "--ramp" -> rampRate = number(option, value);
                case "--prefix" -> prefix = value;
                case "--password" -> password = value;
                case "--setup-concurrency" -> setupConcurrency = integer(option, value);
                case "--setup-timeout" -> setupTimeout = duration(option, value);
                case "--ping-interval" -> pingInterval = duration(option, value);
                case "--io-threads" -> ioThreads = integer(option, value);
                case "--server-pid" -> serverPid = OptionalLong.of(integer(option, value));
                case "--seed" -> seed = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new SwarmOptions(
                server,
                bots,
                transport,
                moveRate,
                phase,
                duration,
                warmup,
                pattern,
                rampRate,
                prefix,
                password,
                setupConcurrency,
                setupTimeout,
                pingInterval,
                ioThreads,
                serverPid,
                seed);
    }

    /** The transport's name on the command line and in the report. */
    String transportName() {
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

    private static Transport transport(String value) {
        return switch (value) {
            case "grpc" -> Transport.GRPC;
            case "ws" -> Transport.WEBSOCKET;
            case "ws-json" -> Transport.WEBSOCKET_JSON;
            default -> throw new IllegalArgumentException("--transport must be grpc, ws or ws-json");
        };
    }

    private static MovePattern.Kind pattern(String value) {
        return switch (value) {
            case "crowd" -> MovePattern.Kind.CROWD;
            case "spread" -> MovePattern.Kind.SPREAD;
            default -> throw new IllegalArgumentException("--pattern must be crowd or spread");
        };
    }

    private static MovePhase phase(String value) {
        return switch (value) {
            case "spread" -> MovePhase.SPREAD;
            case "aligned" -> MovePhase.ALIGNED;
            default -> throw new IllegalArgumentException("--phase must be spread or aligned");
        };
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, not '" + value + "'");
        }
    }

    private static double number(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not '" + value + "'");
        }
    }

    /** Seconds ("30", "1.5", "30s"), milliseconds ("500ms") or minutes ("2m"). */
    static Duration duration(String option, String value) {
        try {
            String text = value.trim().toLowerCase(Locale.ROOT);
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("m")) {
                return Duration.ofSeconds(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 60));
            }
            if (text.endsWith("s")) {
                text = text.substring(0, text.length() - 1);
            }
            Duration parsed = Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
            if (parsed.isNegative()) {
                throw new IllegalArgumentException(option + " must not be negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a duration like 30s, 500ms or 2m, not '" + value + "'");
        }
    }
}
