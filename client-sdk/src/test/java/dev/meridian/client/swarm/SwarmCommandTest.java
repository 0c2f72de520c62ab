package dev.meridian.client.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.client.Transport;
import dev.meridian.testing.MonitoringFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

/** The swarm's command line: every option, its defaults, the generated help, and refusals with the usage. */
class SwarmCommandTest {
    /** The options the swarm has always had: scripts and docs call them by these names. */
    private static final List<String> OPTIONS = List.of(
            "--server",
            "--bots",
            "--transport",
            "--move-rate",
            "--phase",
            "--duration",
            "--warmup",
            "--jit-settle",
            "--pattern",
            "--ramp",
            "--prefix",
            "--password",
            "--setup-concurrency",
            "--setup-timeout",
            "--ping-interval",
            "--io-threads",
            "--server-pid",
            "--seed",
            "--help");

    @Test
    void defaultsAreALoopbackCrowdOverGrpc() {
        SwarmOptions options = SwarmCommand.parse();
        assertEquals("http://127.0.0.1:8080", options.server());
        assertEquals(Transport.GRPC, options.transport());
        assertEquals(MovePattern.Kind.CROWD, options.pattern());
        assertEquals(MovePhase.SPREAD, options.phase());
        assertEquals(OptionalLong.empty(), options.serverPid());
        assertTrue(options.duration().compareTo(Duration.ofMinutes(5)) < 0, "a run stops by itself");
    }

    @Test
    void parsesEveryOption() {
        SwarmOptions options = SwarmCommand.parse(
                "--server",
                "http://10.0.0.5:9000",
                "--bots",
                "500",
                "--transport",
                "ws-json",
                "--move-rate",
                "2.5",
                "--phase",
                "aligned",
                "--duration",
                "2m",
                "--warmup",
                "500ms",
                "--pattern",
                "spread",
                "--ramp",
                "50",
                "--prefix",
                "lt_1",
                "--password",
                "another-long-password",
                "--setup-concurrency",
                "2",
                "--setup-timeout",
                "60s",
                "--ping-interval",
                "0",
                "--io-threads",
                "2",
                "--server-pid",
                "4242",
                "--seed",
                "7");
        assertEquals("http://10.0.0.5:9000", options.server());
        assertEquals(500, options.bots());
        assertEquals(Transport.WEBSOCKET_JSON, options.transport());
        assertEquals("ws-json", options.transportName());
        assertEquals(2.5, options.moveRate());
        assertEquals(MovePhase.ALIGNED, options.phase());
        assertEquals(Duration.ofMinutes(2), options.duration());
        assertEquals(Duration.ofMillis(500), options.warmup());
        assertEquals(MovePattern.Kind.SPREAD, options.pattern());
        assertEquals(50, options.rampRate());
        assertEquals(2, options.setupConcurrency());
        assertEquals(Duration.ofSeconds(60), options.setupTimeout());
        assertEquals(Duration.ZERO, options.pingInterval());
        assertEquals(2, options.ioThreads());
        assertEquals(OptionalLong.of(4242), options.serverPid());
        assertEquals(7, options.seed());
    }

    @Test
    void botIdentitiesAreDeterministicAndValidNames() {
        SwarmOptions crowd = SwarmCommand.parse("--prefix", "longpref");
        assertEquals("longpref-00042@swarm.meridian.test", crowd.email(42));
        assertEquals("longpref-99999c", crowd.characterName(99_999));
        assertTrue(crowd.characterName(99_999).matches("^[A-Za-z0-9_-]{3,16}$"));
        SwarmOptions spread = SwarmCommand.parse("--pattern", "spread");
        assertEquals("bot-00001s", spread.characterName(1));
    }

    @Test
    void refusesBadInput() {
        List<String[]> refused = List.of(
                new String[] {"--bots"},
                new String[] {"--bots", "many"},
                new String[] {"--bots", "0"},
                new String[] {"--transport", "udp"},
                new String[] {"--phase", "random"},
                new String[] {"--pattern", "circle"},
                new String[] {"--prefix", "has space"},
                new String[] {"--password", "short"},
                new String[] {"--duration", "soon"},
                new String[] {"--duration", "-5s"},
                new String[] {"--verbose", "yes"});
        for (String[] args : refused) {
            assertThrows(ParameterException.class, () -> SwarmCommand.parse(args), String.join(" ", args));
        }
    }

    @Test
    void aRefusalPrintsWhatIsWrongAndTheUsageAndExitsWith2() {
        StringWriter err = new StringWriter();
        int status = SwarmCommand.commandLine().setErr(new PrintWriter(err)).execute("--bots", "0");
        assertEquals(2, status);
        assertTrue(err.toString().contains("--bots must be 1..99999"), err.toString());
        assertTrue(err.toString().contains("Usage: swarm"), err.toString());
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        StringWriter out = new StringWriter();
        int status = SwarmCommand.commandLine().setOut(new PrintWriter(out)).execute("--help");
        assertEquals(0, status);
        String help = out.toString();
        assertTrue(help.contains("CPU% and RSS"), "descriptions are formatted: " + help);
        for (String option : OPTIONS) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
        assertTrue(help.contains("Default: http://127.0.0.1:8080"), help);
        assertTrue(help.contains("Default: 30s"), help);
        assertTrue(help.contains("one JSON report on stdout"), help);
    }

    @Test
    void theNetworkBenchmarkUsesOnlyOptionsTheSwarmKnows() throws IOException {
        String script = Files.readString(MonitoringFiles.root().resolve("server/bench-network"));
        Matcher call =
                Pattern.compile("client-sdk/swarm\"((?:[^\n]*\\\\\n)*[^\n]*)").matcher(script);
        assertTrue(call.find(), "server/bench-network runs client-sdk/swarm");
        Matcher option = Pattern.compile("(--[a-z-]+)").matcher(call.group(1));
        int found = 0;
        while (option.find()) {
            assertTrue(OPTIONS.contains(option.group(1)), option.group(1) + " is no swarm option");
            found++;
        }
        assertTrue(found >= 8, "read the options of " + call.group(1));
    }
}
