package dev.meridian.client.swarm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.client.Transport;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** The bot swarm's command line ({@code client-sdk/swarm --help}): its options, their defaults and the run. */
@Command(
        name = "swarm",
        sortOptions = false,
        showDefaultValues = true,
        usageHelpWidth = 110,
        description = "Many simulated players against one Meridian server: prepares their accounts and characters,"
                + " connects them at the ramp rate, warms up, measures for the window, leaves.",
        footer = "Prints progress on stderr and one JSON report on stdout (docs/benchmarks.md, \"Bot swarm\").")
final class SwarmCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--server",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:8080",
            description = "server base URL")
    private String server;

    @Option(names = "--bots", paramLabel = "N", defaultValue = "100", description = "number of bots, 1..99999")
    private int bots;

    @Option(names = "--transport", paramLabel = "T", defaultValue = "grpc", description = "grpc | ws | ws-json")
    private Transport transport;

    @Option(names = "--move-rate", paramLabel = "R", defaultValue = "10", description = "moves per second per bot")
    private double moveRate;

    @Option(
            names = "--phase",
            paramLabel = "P",
            defaultValue = "spread",
            description = "spread (each bot its own phase) | aligned (all bots move at once)")
    private MovePhase phase;

    @Option(
            names = "--duration",
            paramLabel = "D",
            defaultValue = "30s",
            description = "measured window, e.g. 30 or 30s, 500ms, 2m")
    private Duration duration;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "2s", description = "pause between ramp and window")
    private Duration warmup;

    @Option(
            names = "--jit-settle",
            paramLabel = "D",
            defaultValue = "0s",
            description = "with --server-pid: after the warm-up, wait up to D more for the server's JIT compilers to"
                    + " go quiet (under 0.5%% of a core over 10 s), so the window measures the steady state")
    private Duration jitSettle;

    @Option(
            names = "--pattern",
            paramLabel = "P",
            defaultValue = "crowd",
            description = "crowd (all in one spot) | spread (all over the zone)")
    private MovePattern.Kind pattern;

    @Option(names = "--ramp", paramLabel = "R", defaultValue = "100", description = "bots connecting per second")
    private double rampRate;

    @Option(
            names = "--prefix",
            paramLabel = "P",
            defaultValue = "bot",
            description = "bot email/name prefix, 1-8 of [A-Za-z0-9_-]")
    private String prefix;

    @Option(
            names = "--password",
            paramLabel = "P",
            defaultValue = "swarm-password-0001",
            description = "password of every bot account, at least 12 characters")
    private String password;

    @Option(
            names = "--setup-concurrency",
            paramLabel = "N",
            defaultValue = "4",
            description = "concurrent logins/registrations (each costs the server an Argon2id hash)")
    private int setupConcurrency;

    @Option(
            names = "--setup-timeout",
            paramLabel = "D",
            defaultValue = "300s",
            description = "limit for preparing accounts and characters")
    private Duration setupTimeout;

    @Option(
            names = "--ping-interval",
            paramLabel = "D",
            defaultValue = "2s",
            description = "RTT ping period per bot, 0 for none")
    private Duration pingInterval;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "1", description = "network threads")
    private int ioThreads;

    @Option(
            names = "--server-pid",
            paramLabel = "PID",
            description = "report this process's CPU%% and RSS over the window")
    private Optional<Long> serverPid;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "42",
            description = "random seed of the movement patterns")
    private long seed;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "show this help and exit")
    private boolean help;

    /** The swarm's command line with its conversions registered. */
    static CommandLine commandLine() {
        return new CommandLine(new SwarmCommand())
                .registerConverter(Duration.class, SwarmCommand::duration)
                .registerConverter(Transport.class, SwarmCommand::transport)
                .registerConverter(MovePattern.Kind.class, SwarmCommand::pattern)
                .registerConverter(MovePhase.class, SwarmCommand::phase);
    }

    /**
     * The options {@code args} give, without running anything.
     *
     * @throws ParameterException for an unknown option, a missing or malformed value, or one the swarm cannot run with
     */
    static SwarmOptions parse(String... args) {
        CommandLine line = commandLine();
        line.parseArgs(args);
        return line.<SwarmCommand>getCommand().options();
    }

    @Override
    public Integer call() {
        ObjectNode report = BotSwarm.run(options(), System.err);
        spec.commandLine().getOut().println(report.toPrettyString());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private SwarmOptions options() {
        try {
            return new SwarmOptions(
                    server,
                    bots,
                    transport,
                    moveRate,
                    phase,
                    duration,
                    warmup,
                    jitSettle,
                    pattern,
                    rampRate,
                    prefix,
                    password,
                    setupConcurrency,
                    setupTimeout,
                    pingInterval,
                    ioThreads,
                    serverPid.map(OptionalLong::of).orElse(OptionalLong.empty()),
                    seed);
        } catch (IllegalArgumentException e) {
            // shown like a malformed value: the message, then the usage
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static Transport transport(String value) {
        return Arrays.stream(Transport.values())
                .filter(transport -> SwarmOptions.nameOf(transport).equals(value))
                .findFirst()
                .orElseThrow(() -> new TypeConversionException("must be grpc, ws or ws-json"));
    }

    private static MovePattern.Kind pattern(String value) {
        return switch (value) {
            case "crowd" -> MovePattern.Kind.CROWD;
            case "spread" -> MovePattern.Kind.SPREAD;
            default -> throw new TypeConversionException("must be crowd or spread");
        };
    }

    private static MovePhase phase(String value) {
        return switch (value) {
            case "spread" -> MovePhase.SPREAD;
            case "aligned" -> MovePhase.ALIGNED;
            default -> throw new TypeConversionException("must be spread or aligned");
        };
    }

    /** Seconds ("30", "1.5", "30s"), milliseconds ("500ms") or minutes ("2m"), not negative. */
    static Duration duration(String value) {
        try {
            String text = value.trim().toLowerCase(Locale.ROOT);
            Duration parsed;
            if (text.endsWith("ms")) {
                parsed = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            } else if (text.endsWith("m")) {
                parsed = Duration.ofSeconds(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 60));
            } else {
                String seconds = text.endsWith("s") ? text.substring(0, text.length() - 1) : text;
                parsed = Duration.ofMillis(Math.round(Double.parseDouble(seconds) * 1000));
            }
            if (parsed.isNegative()) {
                throw new TypeConversionException("must not be negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("needs a duration like 30s, 500ms or 2m, not '" + value + "'");
        }
    }
}
